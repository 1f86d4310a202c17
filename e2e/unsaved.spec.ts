import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { buildConvBn, buildResNetLike } from '../src/fixtures/models.ts';
import { decodeModel, encodeModel } from '../src/onnx/index.ts';
import { openApp, pickFiles, SAMPLE_COUNTS } from './helpers.ts';

const FUSED = '0 fusible · 1 blocked · 7 fused';
const other = { name: 'other.onnx', bytes: encodeModel(buildConvBn()) };

async function download(page: import('@playwright/test').Page) {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download' }).click(),
  ]);
  return file;
}

test('downloading an unchanged model keeps its name and says nothing changed', async ({ page }) => {
  await openApp(page);
  const file = await download(page);
  expect(file.suggestedFilename()).toBe('sample.onnx');
  await expect(page.getByTestId('save-notice')).toContainText('Nothing has changed since sample.onnx was opened');
  // The same model, not a fused one.
  const saved = decodeModel(new Uint8Array(readFileSync(await file.path())));
  expect(saved.graph?.node?.length).toBe(buildResNetLike().graph?.node?.length);

  await page.getByRole('button', { name: 'Fuse all' }).click();
  await expect(page.getByRole('status')).toHaveText(FUSED);
  expect((await download(page)).suggestedFilename()).toBe('sample.fused.onnx');
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('status')).toHaveText(SAMPLE_COUNTS);
  expect((await download(page)).suggestedFilename()).toBe('sample.onnx');
});

test('opening another model over unsaved changes asks first; saying no keeps the model and its history', async ({
  page,
}) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Fuse all' }).click();
  await expect(page.getByRole('status')).toHaveText(FUSED);

  const asked: string[] = [];
  page.once('dialog', (dialog) => {
    asked.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await pickFiles(page, [other]);
  await expect.poll(() => asked).toHaveLength(1);
  expect(asked[0]).toBe(
    'confirm: sample.onnx has changes that were not downloaded or saved (7 fusions in 1 step). ' +
      'Opening other.onnx discards them and their history. Open other.onnx anyway?',
  );
  await expect(page.getByRole('heading', { name: 'sample.onnx' })).toBeVisible();
  await expect(page.getByRole('status')).toHaveText(FUSED);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('status')).toHaveText(SAMPLE_COUNTS);
  await page.getByRole('button', { name: 'Redo' }).click();
  await expect(page.getByRole('status')).toHaveText(FUSED);

  page.once('dialog', (dialog) => void dialog.accept());
  await pickFiles(page, [other]);
  await expect(page.getByRole('heading', { name: 'other.onnx' })).toBeVisible();
  await expect(page.getByRole('status')).toHaveText('1 fusible · 0 blocked · 0 fused');
});

test('once downloaded, opening another model asks nothing', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Fuse all' }).click();
  await expect(page.getByRole('status')).toHaveText(FUSED);
  await download(page);
  let asked = 0;
  page.on('dialog', (dialog) => {
    asked++;
    void dialog.dismiss();
  });
  await pickFiles(page, [other]);
  await expect(page.getByRole('heading', { name: 'other.onnx' })).toBeVisible();
  expect(asked).toBe(0);
});

test('leaving the page with unsaved changes asks first; an unchanged page leaves without a word', async ({ page }) => {
  await openApp(page);
  const asked: string[] = [];
  page.on('dialog', (dialog) => {
    asked.push(dialog.type());
    void dialog.dismiss();
  });
  await page.getByRole('button', { name: 'Fuse all' }).click();
  await expect(page.getByRole('status')).toHaveText(FUSED);
  // Dismissing the prompt keeps the page, with its fusions.
  await page.close({ runBeforeUnload: true });
  await expect.poll(() => asked).toEqual(['beforeunload']);
  expect(page.isClosed()).toBe(false);
  await expect(page.getByRole('status')).toHaveText(FUSED);

  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('status')).toHaveText(SAMPLE_COUNTS);
  await page.close({ runBeforeUnload: true });
  await expect.poll(() => page.isClosed()).toBe(true);
  expect(asked).toEqual(['beforeunload']);
});
