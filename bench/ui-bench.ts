/**
 * The page with large graphs, in headless Chromium against the production build: for chains of
 * 1,000 / 5,000 / 10,000 nodes with skip connections, time from picking the file to the first
 * interactive view, the worker's stage times, frames per second while panning (at reading zoom
 * and zoomed out to the whole graph), and the page's JS heap.
 */
import type { Page } from '@playwright/test';
import { buildLargeChain, buildTransformerLike } from '../src/fixtures/large-models.ts';
import { encodeModel } from '../src/onnx/index.ts';
import { launchChromium, startPreview } from './preview.ts';

const PORT = 4391;
const SIZES = [1000, 5000, 10000];

interface Row {
  model: string;
  nodes: number;
  fileKB: number;
  interactiveMs: number;
  worker: string;
  fpsReading: number;
  fpsOverview: number;
  heapMB: number;
}

/** Drags the canvas for `ms` while the page counts animation frames. */
async function panFps(page: Page, ms: number): Promise<number> {
  const box = await page.getByTestId('graph-canvas').boundingBox();
  if (!box) throw new Error('no canvas');
  // A string, not a function: tsx's name-keeping helpers do not exist in the page.
  const counting = page.evaluate(`new Promise((resolve) => {
    let frames = 0;
    const start = performance.now();
    const tick = (now) => {
      frames++;
      if (now - start < ${ms}) requestAnimationFrame(tick);
      else resolve((frames * 1000) / (now - start));
    };
    requestAnimationFrame(tick);
  })`) as Promise<number>;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  const steps = Math.round(ms / 16);
  for (let i = 0; i < steps; i++) {
    const t = i / steps;
    await page.mouse.move(cx + Math.sin(t * Math.PI * 4) * 200, cy + Math.cos(t * Math.PI * 2) * 200);
  }
  await page.mouse.up();
  return counting;
}

async function measure(page: Page, model: string, nodes: number, bytes: Uint8Array, fusible: number): Promise<Row> {
  await page.goto(`http://127.0.0.1:${PORT}/`);
  await page.getByRole('status').filter({ hasText: 'fusible' }).waitFor();
  // Peak JS heap: sampled through the DevTools protocol from the pick to the end of panning.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  let peakHeap = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const { metrics } = await cdp.send('Performance.getMetrics');
      peakHeap = Math.max(peakHeap, metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const started = performance.now();
  await page
    .getByLabel('Open model')
    .setInputFiles({ name: `${model}${nodes}.onnx`, mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) });
  await page
    .getByRole('status')
    .filter({ hasText: new RegExp(`^${fusible} fusible`) })
    .waitFor({ timeout: 120_000 });
  await page.locator('[data-testid="op-node"], [data-testid="group-node"]').first().waitFor();
  const interactiveMs = performance.now() - started;
  const worker = (await page.getByTestId('worker-timings').textContent()) ?? '';
  await page.waitForTimeout(300);
  const fpsReading = await panFps(page, 2000);
  await page.keyboard.press('f');
  await page.waitForTimeout(500);
  const fpsOverview = await panFps(page, 2000);
  sampling = false;
  await sampler;
  await cdp.detach();
  return {
    model,
    nodes,
    fileKB: bytes.length / 1000,
    interactiveMs,
    worker,
    fpsReading,
    fpsOverview,
    heapMB: peakHeap / 1e6,
  };
}

const server = await startPreview(PORT);
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const rows: Row[] = [];
  for (const n of SIZES) rows.push(await measure(page, 'chain', n, encodeModel(buildLargeChain(n)), Math.round(n / 4)));
  const layers = Math.round(10_000 / 21);
  rows.push(await measure(page, 'transformer', layers * 21, encodeModel(buildTransformerLike(layers)), 0));
  console.log('\nThe page (headless Chromium, production build, 1400×900)\n');
  console.log(
    '| model | nodes | file KB | pick → interactive ms | worker stages | fps panning (reading zoom) | fps panning (whole graph) | peak JS heap MB (page) |',
  );
  console.log('|---|---:|---:|---:|---|---:|---:|---:|');
  for (const r of rows) {
    console.log(
      `| ${r.model} | ${r.nodes} | ${r.fileKB.toFixed(0)} | ${r.interactiveMs.toFixed(0)} | ${r.worker} | ${r.fpsReading.toFixed(0)} | ${r.fpsOverview.toFixed(0)} | ${r.heapMB.toFixed(0)} |`,
    );
  }
} finally {
  await browser.close();
  server.kill();
}
