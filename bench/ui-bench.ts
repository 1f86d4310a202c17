/**
 * The page with large graphs, in headless Chromium against the production build: for chains of
 * 1,000 / 5,000 / 10,000 nodes with skip connections, time from picking the file to the first
 * interactive view, the worker's stage times, frames per second while panning (at reading zoom
 * and zoomed out to the whole graph), and the page's JS heap. Then folding at memory speed: a
 * resnet50-sized model (102 MB, 53 Conv→BN pairs) from the file picked to the fused model ready
 * to download (the page's time: picking to the counts, plus the click to Download enabled), and the
 * worker's own time for "Fuse all" (median of several runs).
 * BENCH_DIST and BENCH_PORT choose the build and the port; BENCH_UI=fold runs only the latter.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { buildLargeChain, buildTransformerLike } from '../src/fixtures/large-models.ts';
import { buildResNet50Like } from '../src/fixtures/resnet50.ts';
import { encodeModel } from '../src/onnx/index.ts';
import { launchChromium, startPreview } from './preview.ts';

const PORT = Number(process.env.BENCH_PORT ?? 4391);
const FOLD_RUNS = Number(process.env.BENCH_FOLD_RUNS ?? 9);
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

interface FoldRun {
  /** File picked (its change event) → candidates counted on screen. */
  openMs: number;
  /** "Fuse all" clicked → the fused model counted on screen and Download enabled. */
  fuseMs: number;
  /** openMs + fuseMs: the page's own time from file picked to fused model ready to download. */
  totalMs: number;
  /** The worker's own time for the fusion, as the summary reports it. */
  workerFuseMs: number;
}

/**
 * Marks, in the page's clock, when the file input changes, when the counts first read `opened`,
 * when "Fuse all" is clicked and when the counts read `fused` with Download enabled: the robot's
 * own delay between seeing the counts and clicking is not the page's time.
 */
const markScript = (opened: string, fused: string) => `(() => {
  const marks = (window.__foldMarks = {});
  const now = () => performance.now();
  document.querySelector('input[type=file]').addEventListener('change', () => { marks.change ??= now(); }, { capture: true });
  const fuseAll = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Fuse all');
  fuseAll.addEventListener('click', () => { marks.click ??= now(); }, { capture: true });
  const check = () => {
    const counts = document.querySelector('[role=status]')?.textContent ?? '';
    if (marks.opened === undefined && counts.startsWith(${JSON.stringify(opened)})) marks.opened = now();
    const download = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Download');
    if (marks.ready === undefined && counts.startsWith(${JSON.stringify(fused)}) && download && !download.disabled) marks.ready = now();
  };
  new MutationObserver(check).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
})()`;

/** Opens the model, fuses all, and waits until Download can be pressed. */
async function foldRun(page: Page, path: string, pairs: number): Promise<FoldRun> {
  await page.goto(`http://127.0.0.1:${PORT}/`);
  await page.getByRole('status').filter({ hasText: 'fusible' }).waitFor();
  const opened = `${pairs} fusible · 0 blocked · 0 fused`;
  const fused = `0 fusible · 0 blocked · ${pairs} fused`;
  await page.evaluate(markScript(opened, fused));
  // From disk: Playwright hands over at most 50 MB as a buffer.
  await page.getByLabel('Open model').setInputFiles(path);
  const status = page.getByRole('status');
  await status.filter({ hasText: opened }).waitFor({ timeout: 120_000 });
  await page.getByRole('button', { name: 'Fuse all' }).click();
  await status.filter({ hasText: fused }).waitFor({ timeout: 120_000 });
  await page.getByRole('button', { name: 'Download', exact: true }).and(page.locator(':enabled')).waitFor();
  const marks = (await page.evaluate('window.__foldMarks')) as Record<'change' | 'opened' | 'click' | 'ready', number>;
  const timings = (await page.getByTestId('worker-timings').textContent()) ?? '';
  const workerFuseMs = Number(/fuse (\d+) ms/.exec(timings)?.[1] ?? Number.NaN);
  const openMs = marks.opened - marks.change;
  const fuseMs = marks.ready - marks.click;
  return { openMs, fuseMs, totalMs: openMs + fuseMs, workerFuseMs };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

async function foldBench(page: Page): Promise<void> {
  const bytes = encodeModel(buildResNet50Like());
  const dir = mkdtempSync(join(tmpdir(), 'bnfold-ui-bench-'));
  const path = join(dir, 'resnet50-like.onnx');
  writeFileSync(path, bytes);
  const runs: FoldRun[] = [];
  try {
    for (let i = 0; i < FOLD_RUNS; i++) runs.push(await foldRun(page, path, 53));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const m = (key: keyof FoldRun) => median(runs.map((r) => r[key]));
  console.log(
    `\nFolding in the page: resnet50-like, ${(bytes.length / 1e6).toFixed(1)} MB, 53 Conv→BN (median of ${FOLD_RUNS})\n`,
  );
  console.log('| measure | ms | target |');
  console.log('|---|---:|---|');
  console.log(`| worker's Fuse all (summary "fuse … ms") | ${m('workerFuseMs').toFixed(0)} | ≤ 150 |`);
  console.log(`| file picked → fused model ready to download | ${m('totalMs').toFixed(0)} | ≤ 400 |`);
  console.log(`| of which: file picked → candidates counted | ${m('openMs').toFixed(0)} | |`);
  console.log(`| of which: Fuse all clicked → counted and Download enabled | ${m('fuseMs').toFixed(0)} | |`);
  const list = (key: keyof FoldRun) => runs.map((r) => r[key].toFixed(0)).join('/');
  console.log(`\nruns (ms): worker fuse ${list('workerFuseMs')}; picked → ready ${list('totalMs')}`);
}

async function graphBench(page: Page): Promise<void> {
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
}

const server = await startPreview(PORT);
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, serviceWorkers: 'block' });
  if (process.env.BENCH_UI !== 'fold') await graphBench(page);
  await foldBench(page);
} finally {
  await browser.close();
  server.kill();
}
