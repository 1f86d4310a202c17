import { expect, test } from '@playwright/test';
import { ModelBuilder } from '../src/fixtures/builder.ts';
import { buildResNetLike } from '../src/fixtures/models.ts';
import { encodeModel, writeExternalBytes } from '../src/onnx/index.ts';
import { openApp, pickFiles } from './helpers.ts';

test('compares the fused sample with the original in onnxruntime-web (WASM)', async ({ page }, testInfo) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Fuse all' }).click();
  await expect(page.getByRole('status')).toHaveText('0 fusible · 1 blocked · 7 fused');
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  const table = page.getByRole('table', { name: 'Comparison' });
  await expect(table).toBeVisible({ timeout: 60_000 });
  const rows = table.locator('tbody tr');
  await expect(rows).toHaveCount(2);
  for (const cell of await rows.locator('td:last-child').all()) await expect(cell).toHaveText('pass');
  const latency = page.getByRole('table', { name: 'Latency' });
  for (const model of ['original', 'fused']) {
    const median = latency
      .getByRole('row', { name: new RegExp(`^${model}`) })
      .locator('td')
      .nth(1);
    expect(Number(await median.textContent())).toBeGreaterThan(0);
  }
  await expect(page.getByRole('region', { name: 'Verify' })).toContainText('Ran on WASM, 1 thread');
  await page.screenshot({ path: testInfo.outputPath('compare.png') });
  await testInfo.attach('compare', { path: testInfo.outputPath('compare.png'), contentType: 'image/png' });
});

test('a model with its weights in a side file runs through onnxruntime-web’s external data', async ({ page }) => {
  const model = buildResNetLike();
  const files = new Map<string, Uint8Array>();
  for (const t of model.graph?.initializer ?? []) {
    if ((t.rawData?.length ?? 0) >= 256) writeExternalBytes(t, t.rawData as Uint8Array, files, 'net.onnx.data');
  }
  await openApp(page);
  await pickFiles(page, [
    { name: 'net.onnx', bytes: encodeModel(model) },
    { name: 'net.onnx.data', bytes: files.get('net.onnx.data') as Uint8Array },
  ]);
  await expect(page.getByRole('heading', { name: 'net.onnx' })).toBeVisible();
  await page.getByRole('button', { name: 'Fuse all' }).click();
  await expect(page.getByRole('status')).toHaveText('0 fusible · 1 blocked · 7 fused');
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  const table = page.getByRole('table', { name: 'Comparison' });
  await expect(table).toBeVisible({ timeout: 60_000 });
  for (const cell of await table.locator('tbody td:last-child').all()) await expect(cell).toHaveText('pass');
});

test('runs multi-threaded WASM in the cross-origin isolated build, and against onnxruntime optimizer', async ({
  page,
}) => {
  await openApp(page);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await page.getByRole('button', { name: 'Fuse all' }).click();
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  const verify = page.getByRole('region', { name: 'Verify' });
  await expect(verify.getByRole('table', { name: 'Comparison' })).toBeVisible({ timeout: 60_000 });
  await verify.getByLabel('Threads', { exact: true }).fill('2');
  await verify.getByLabel('Setup', { exact: true }).selectOption('ort-optimizer');
  await verify.getByRole('button', { name: 'Run comparison' }).click();
  await expect(verify).toContainText('Ran on WASM, 2 threads', { timeout: 60_000 });
  await expect(verify).toContainText('original all, fused disabled');
  for (const cell of await verify.getByRole('table', { name: 'Comparison' }).locator('tbody td:last-child').all()) {
    await expect(cell).toHaveText('pass');
  }
});

test('a model onnxruntime cannot load gets its error, and the page stays usable', async ({ page }) => {
  const b = new ModelBuilder({ graphName: 'custom' });
  const x = b.input('x', 'float32', [1, 4]);
  b.op('NoSuchOp', [x], { output: 'y', domain: 'com.example.missing' });
  b.output('y', 'float32');
  const model = b.build();
  model.opsetImport = [...(model.opsetImport ?? []), { domain: 'com.example.missing', version: 1 as never }];
  await openApp(page);
  await pickFiles(page, [{ name: 'custom.onnx', bytes: encodeModel(model) }]);
  await expect(page.getByRole('status')).toHaveText('0 fusible · 0 blocked · 0 fused');
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Verify' })).toContainText('could not load the original model', {
    timeout: 60_000,
  });
  await expect(page.getByRole('button', { name: 'Compare', exact: true })).toBeEnabled();
});

test('feeds a picture to the image input instead of random data', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Fuse all' }).click();
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  const verify = page.getByRole('region', { name: 'Verify' });
  await expect(verify.getByRole('table', { name: 'Comparison' })).toBeVisible({ timeout: 60_000 });
  // A 2×2 PNG made on the page, so the test needs no image file.
  const png = await page.evaluate(async () => {
    const canvas = new OffscreenCanvas(2, 2);
    const context = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
    context.fillStyle = '#ff8800';
    context.fillRect(0, 0, 2, 2);
    const blob = await canvas.convertToBlob({ type: 'image/png' });
    return Array.from(new Uint8Array(await blob.arrayBuffer()));
  });
  await verify
    .getByLabel('Input image')
    .setInputFiles({ name: 'orange.png', mimeType: 'image/png', buffer: Buffer.from(png) });
  await expect(verify).toContainText('Feeding orange.png (2×2)');
  await verify.getByRole('button', { name: 'Run comparison' }).click();
  await expect(verify.getByTestId('compare-inputs')).toHaveText('Inputs: image[1,3,32,32] ← orange.png (imagenet)', {
    timeout: 60_000,
  });
  for (const cell of await verify.getByRole('table', { name: 'Comparison' }).locator('tbody td:last-child').all()) {
    await expect(cell).toHaveText('pass');
  }
});

test('a running comparison can be cancelled', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  const verify = page.getByRole('region', { name: 'Verify' });
  await expect(verify.getByRole('table', { name: 'Comparison' })).toBeVisible({ timeout: 60_000 });
  await verify.getByLabel('Timed runs', { exact: true }).fill('1000');
  await verify.getByRole('button', { name: 'Run comparison' }).click();
  await verify.getByRole('button', { name: 'Cancel' }).click();
  await expect(verify).toContainText('Cancelled.');
  await expect(verify.getByRole('button', { name: 'Run comparison' })).toBeEnabled();
  // The graph stayed usable throughout.
  await page.locator('.edge-fuse').first().click();
  await expect(page.getByRole('status')).toHaveText('6 fusible · 1 blocked · 1 fused');
});
