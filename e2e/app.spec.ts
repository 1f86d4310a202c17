import { expect, test } from '@playwright/test';
import { buildConvBn } from '../src/fixtures/models.ts';
import { encodeModel } from '../src/onnx/index.ts';

test('opens on the sample model', async ({ page }, testInfo) => {
  await page.goto('/');
  const summary = page.getByRole('region', { name: 'Model summary' });
  await expect(summary.getByRole('heading', { name: 'sample.onnx' })).toBeVisible();
  await expect(summary).toContainText('bnfold-sample');
  await expect(page.getByRole('table', { name: 'Operators' })).toContainText('BatchNormalization');
  await expect(page.getByRole('alert')).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('sample.png'), fullPage: true });
});

test('loads a model through the file picker', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'sample.onnx' })).toBeVisible();
  await page.getByLabel('Open model').setInputFiles({
    name: 'grouped.onnx',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from(encodeModel(buildConvBn({ groups: 2 }))),
  });
  await expect(page.getByRole('heading', { name: 'grouped.onnx' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Operators' })).toContainText('Conv');
});

test('a broken file shows an error and keeps the loaded model', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'sample.onnx' })).toBeVisible();
  const valid = encodeModel(buildConvBn());
  await page.getByLabel('Open model').setInputFiles({
    name: 'cut.onnx',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from(valid.subarray(0, Math.floor(valid.length / 2))),
  });
  await expect(page.getByRole('alert')).toContainText('cut.onnx: The file is truncated');
  await expect(page.getByRole('heading', { name: 'sample.onnx' })).toBeVisible();
});

test('a model dropped on the page opens', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'sample.onnx' })).toBeVisible();
  const bytes = Array.from(encodeModel(buildConvBn({ spatialDims: 1 })));
  const dataTransfer = await page.evaluateHandle((data) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array(data)], 'dropped.onnx'));
    return transfer;
  }, bytes);
  await page.dispatchEvent('body', 'dragenter', { dataTransfer });
  await page.dispatchEvent('body', 'drop', { dataTransfer });
  await expect(page.getByRole('heading', { name: 'dropped.onnx' })).toBeVisible();
});
