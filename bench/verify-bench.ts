/**
 * Latency of the original and the fused sample (ResNet-like) in onnxruntime-web, through the
 * page's own Verify panel: WASM with 1 and 2 threads, both models at optimization 'disabled',
 * and the original at 'all' (onnxruntime's own Conv+BN fusion) against the fused at 'disabled'.
 */
import type { Page } from '@playwright/test';
import { launchChromium, startPreview } from './preview.ts';

const PORT = 4393;
const RUNS = 300;

async function measure(page: Page, threads: number, setup: 'same' | 'ort-optimizer') {
  const verify = page.getByRole('region', { name: 'Verify' });
  await verify.getByLabel('Threads', { exact: true }).fill(String(threads));
  await verify.getByLabel('Setup', { exact: true }).selectOption(setup);
  if (setup === 'same') await verify.getByLabel('Optimization', { exact: true }).selectOption('disabled');
  await verify.getByLabel('Warm-up runs', { exact: true }).fill('20');
  await verify.getByLabel('Timed runs', { exact: true }).fill(String(RUNS));
  await verify.getByRole('button', { name: 'Run comparison' }).click();
  // Wait for this run to start and finish, so the figures read are its own.
  await verify.locator('[aria-busy="true"]').waitFor({ state: 'attached', timeout: 30_000 });
  await verify.locator('[aria-busy="true"]').waitFor({ state: 'detached', timeout: 300_000 });
  await verify.getByText(`Ran on WASM, ${threads} thread`).waitFor({ timeout: 5_000 });
  const cells = async (model: string) =>
    (
      await verify
        .getByRole('table', { name: 'Latency' })
        .getByRole('row', { name: new RegExp(`^${model}`) })
        .locator('td')
        .allTextContents()
    ).map(Number);
  const [, originalMedian, originalP90] = await cells('original');
  const [, fusedMedian, fusedP90] = await cells('fused');
  const pass = (
    await verify.getByRole('table', { name: 'Comparison' }).locator('tbody td:last-child').allTextContents()
  ).every((t) => t === 'pass');
  return {
    threads,
    setup,
    originalMedian,
    originalP90,
    fusedMedian,
    fusedP90,
    ratio: (fusedMedian ?? 0) / (originalMedian ?? 1),
    pass,
  };
}

const server = await startPreview(PORT);
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, serviceWorkers: 'block' });
  await page.goto(`http://127.0.0.1:${PORT}/`);
  await page.getByRole('status').filter({ hasText: '7 fusible' }).waitFor();
  await page.getByRole('button', { name: 'Fuse all' }).click();
  await page.getByRole('status').filter({ hasText: '7 fused' }).waitFor();
  await page.getByRole('button', { name: 'Compare' }).click();
  await page.getByRole('table', { name: 'Comparison' }).waitFor({ timeout: 120_000 });
  const rows = [];
  for (const threads of [1, 2])
    for (const setup of ['same', 'ort-optimizer'] as const) rows.push(await measure(page, threads, setup));
  console.log(`\nonnxruntime-web (WASM) on the ResNet-like sample, ${RUNS} timed runs after 20 warm-up, interleaved\n`);
  console.log(
    '| threads | original opt | fused opt | original median ms | fused median ms | fused/original | outputs |',
  );
  console.log('|---:|---|---|---:|---:|---:|---|');
  for (const r of rows) {
    const original = r.setup === 'same' ? 'disabled' : 'all';
    console.log(
      `| ${r.threads} | ${original} | disabled | ${r.originalMedian?.toFixed(3)} | ${r.fusedMedian?.toFixed(3)} | ${r.ratio.toFixed(3)} | ${r.pass ? 'pass' : 'FAIL'} |`,
    );
  }
} finally {
  await browser.close();
  server.kill();
}
