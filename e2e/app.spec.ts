import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { buildConvBn, buildResNetLike } from '../src/fixtures/models.ts';
import { decodeModel, encodeModel } from '../src/onnx/index.ts';
import { judge } from '../test/helpers/judge.ts';
import { dropFiles, openApp, pickFiles, SAMPLE_COUNTS } from './helpers.ts';

test('opens on the sample graph with its counts', async ({ page }, testInfo) => {
  await openApp(page);
  await expect(page.getByTestId('op-node').first()).toBeVisible();
  await expect(
    page.getByRole('region', { name: 'Model summary' }).getByRole('heading', { name: 'sample.onnx' }),
  ).toBeVisible();
  const candidates = page.getByRole('region', { name: 'Fusion candidates' });
  await expect(candidates).toContainText('OUTPUT_SHARED');
  await expect(page.locator('.op-node.is-fusible').first()).toBeVisible();
  await expect(page.locator('.edge-fuse').first()).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('sample.png') });
  await testInfo.attach('sample', { path: testInfo.outputPath('sample.png'), contentType: 'image/png' });
});

test('loads models through the file picker and a drop', async ({ page }) => {
  await openApp(page);
  await pickFiles(page, [{ name: 'grouped.onnx', bytes: encodeModel(buildConvBn({ groups: 2 })) }]);
  await expect(page.getByRole('status')).toHaveText('1 fusible · 0 blocked · 0 fused');
  await expect(page.getByRole('heading', { name: 'grouped.onnx' })).toBeVisible();
  await dropFiles(page, [{ name: 'dropped.onnx', bytes: encodeModel(buildResNetLike()) }]);
  await expect(page.getByRole('heading', { name: 'dropped.onnx' })).toBeVisible();
  await expect(page.getByRole('status')).toHaveText(SAMPLE_COUNTS);
});

test('fuse one pair, fuse all, undo, redo and download a model that agrees with the original', async ({ page }) => {
  await openApp(page);
  const status = page.getByRole('status');

  await page.locator('.edge-fuse').first().click();
  await expect(status).toHaveText('6 fusible · 1 blocked · 1 fused');
  await expect(page.locator('.fused-badge')).toHaveCount(1);

  await page.getByRole('button', { name: 'Fuse all' }).click();
  await expect(status).toHaveText('0 fusible · 1 blocked · 7 fused');

  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(status).toHaveText('6 fusible · 1 blocked · 1 fused');
  await page.keyboard.press('Control+Shift+Z');
  await expect(status).toHaveText('0 fusible · 1 blocked · 7 fused');
  await page.keyboard.press('Control+Z');
  await expect(status).toHaveText('6 fusible · 1 blocked · 1 fused');
  await page.getByRole('button', { name: 'Redo' }).click();
  await expect(status).toHaveText('0 fusible · 1 blocked · 7 fused');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('sample.fused.onnx');
  const fused = decodeModel(new Uint8Array(readFileSync(await download.path())));
  const original = buildResNetLike();
  const bn = (m: typeof original) => (m.graph?.node ?? []).filter((n) => n.opType === 'BatchNormalization').length;
  expect(bn(fused)).toBe(bn(original) - 7);
  const diffs = await judge(original, fused, { atol: 1e-4, rtol: 1e-3 });
  for (const [name, diff] of Object.entries(diffs)) expect({ name, pass: diff.pass }).toEqual({ name, pass: true });
});

test('a candidate fuses from its row in the panel', async ({ page }) => {
  await openApp(page);
  const panel = page.getByRole('region', { name: 'Fusion candidates' });
  await panel
    .getByRole('button', { name: /^Fuse conv-bn:/ })
    .first()
    .click();
  await expect(page.getByRole('status')).toHaveText('6 fusible · 1 blocked · 1 fused');
});

test('a broken file shows an error and keeps the loaded model', async ({ page }) => {
  await openApp(page);
  await page.locator('.edge-fuse').first().click();
  await expect(page.getByRole('status')).toHaveText('6 fusible · 1 blocked · 1 fused');
  // The fusion is unsaved, so each open asks first: go ahead, the files are broken anyway.
  page.on('dialog', (dialog) => void dialog.accept());
  const valid = encodeModel(buildConvBn());
  await pickFiles(page, [{ name: 'cut.onnx', bytes: valid.subarray(0, Math.floor(valid.length / 2)) }]);
  await expect(page.getByRole('alert')).toContainText('cut.onnx: The file is truncated');
  await pickFiles(page, [{ name: 'notes.onnx', bytes: new TextEncoder().encode('not a model at all') }]);
  await expect(page.getByRole('alert')).toContainText('notes.onnx: This is not an ONNX model');
  // The model and its fusion are still there and usable.
  await expect(page.getByRole('heading', { name: 'sample.onnx' })).toBeVisible();
  await expect(page.getByRole('status')).toHaveText('6 fusible · 1 blocked · 1 fused');
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('status')).toHaveText(SAMPLE_COUNTS);
});

test('a worker crash is reported and the model and its fusions are restored', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Fuse all' }).click();
  await expect(page.getByRole('status')).toHaveText('0 fusible · 1 blocked · 7 fused');
  const [worker] = page.workers();
  expect(worker).toBeDefined();
  await worker?.evaluate(() => {
    setTimeout(() => {
      throw new Error('simulated crash');
    }, 0);
  });
  await expect(page.getByRole('alert')).toContainText('The model worker stopped');
  await expect(page.getByRole('alert')).toContainText('restored');
  await expect(page.getByRole('status')).toHaveText('0 fusible · 1 blocked · 7 fused');
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('status')).toHaveText(SAMPLE_COUNTS);
});

test('search finds a node and the inspector shows its weights', async ({ page }) => {
  await openApp(page);
  await page.getByLabel('Search nodes').fill('stem/conv');
  await page.getByRole('list', { name: 'Search results' }).getByRole('button').first().click();
  const inspector = page.getByRole('region', { name: 'Node inspector' });
  await expect(inspector).toContainText('/stem/conv/Conv');
  await expect(inspector).toContainText('kernel_shape');
  await expect(inspector).toContainText(/stem\.conv\.weight float32\[16, 3, 3, 3\] min -0\.\d+ max 0\.\d+ mean/);
});

test('model text with HTML is shown literally and runs nothing', async ({ page }) => {
  const model = buildConvBn();
  const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
  const conv = model.graph?.node?.[0];
  if (conv) {
    conv.name = hostile;
    conv.docString = `<b>${hostile}</b>`;
  }
  model.producerName = hostile;
  let dialogs = 0;
  page.on('dialog', (dialog) => {
    dialogs++;
    void dialog.dismiss();
  });
  await openApp(page);
  await pickFiles(page, [{ name: '<b>x</b>.onnx', bytes: encodeModel(model) }]);
  await expect(page.getByRole('heading', { name: '<b>x</b>.onnx' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Model summary' })).toContainText(hostile);
  await page.getByTestId('op-node').filter({ hasText: 'Conv' }).first().click();
  await expect(page.getByRole('region', { name: 'Node inspector' })).toContainText(`<b>${hostile}</b>`);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(dialogs).toBe(0);
});
