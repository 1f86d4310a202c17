import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { decodeModel } from '../src/onnx/index.ts';
import { judge } from '../test/helpers/judge.ts';
import { readRealModel } from '../test/helpers/real-models.ts';
import { openApp, pickFiles } from './helpers.ts';

const CLS = 'ch_ppocr_mobile_v2.0_cls_infer.onnx';
/** The folds pass, as the Passes… menu names it (its title in the optimizer's registry). */
const FOLDS_TITLE = /^BatchNormalization and per-channel Mul\/Add folded into Conv/;

const nodesOf = (bytes: Uint8Array) => decodeModel(bytes).graph?.node?.length ?? 0;
const bnOf = (bytes: Uint8Array) =>
  (decodeModel(bytes).graph?.node ?? []).filter((n) => n.opType === 'BatchNormalization').length;

/** Opens the PaddleOCR cls model and returns its status counts as the page shows them. */
async function openCls(page: Page): Promise<{ fusible: number; blocked: number }> {
  await openApp(page);
  await pickFiles(page, [{ name: CLS, bytes: readRealModel(CLS) }]);
  await expect(page.getByRole('heading', { name: CLS })).toBeVisible();
  const text = (await page.getByRole('status').textContent()) ?? '';
  const match = /^(\d+) fusible · (\d+) blocked · 0 fused$/.exec(text);
  if (!match) throw new Error(`unexpected counts "${text}"`);
  return { fusible: Number(match[1]), blocked: Number(match[2]) };
}

/** The Nodes figure of the Model summary panel. */
async function summaryNodes(page: Page): Promise<number> {
  const facts = page.getByRole('region', { name: 'Model summary' });
  const text = await facts
    .locator('dt', { hasText: /^Nodes$/ })
    .locator('+ dd')
    .textContent();
  return Number((text ?? '').replace(/[^\d].*$/, '').replace(/,/g, ''));
}

test('Optimize all on the PaddleOCR cls model: fewer nodes, right counts, Compare passes, the download agrees, Undo restores', async ({
  page,
}, testInfo) => {
  const bytes = readRealModel(CLS);
  const before = nodesOf(bytes);
  const opened = await openCls(page);
  expect(opened.fusible).toBeGreaterThan(0);
  await expect(page.getByRole('region', { name: 'Optimize summary' })).toHaveCount(0);

  await page.getByRole('button', { name: 'Optimize all' }).click();
  const status = page.getByRole('status');
  // Every fusible BN was folded by the optimizer's fold pass: counted as fused.
  await expect(status).toHaveText(`0 fusible · ${opened.blocked} blocked · ${opened.fusible} fused`);
  const report = page.getByRole('region', { name: 'Optimize summary' });
  await expect(report).toBeVisible();
  const after = await summaryNodes(page);
  expect(after).toBeLessThan(before / 2);
  await expect(report.getByText(`${before} → ${after} nodes`)).toBeVisible();
  const figures = report.getByRole('table', { name: 'Before and after' });
  const figureRow = (label: string) =>
    figures.getByRole('row').filter({ has: page.getByRole('rowheader', { name: label, exact: true }) });
  await expect(figureRow('Nodes')).toHaveText(`Nodes${before}${after}`);
  await expect(figureRow('Parameters')).toBeVisible();
  await expect(figureRow('Model file')).toBeVisible();
  const passes = report.getByRole('table', { name: 'Passes' });
  await expect(passes.getByRole('row', { name: /^conv-bn-folds / })).toContainText(`conv-bn-folds${opened.fusible}`);
  await expect(passes.getByRole('row', { name: /^constants / })).not.toContainText(/^constants0/);
  await page.screenshot({ path: testInfo.outputPath('optimized.png') });

  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  const table = page.getByRole('table', { name: 'Comparison' });
  await expect(table).toBeVisible({ timeout: 90_000 });
  for (const cell of await table.locator('tbody td:last-child').all()) await expect(cell).toHaveText('pass');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('ch_ppocr_mobile_v2.0_cls_infer.optimized.onnx');
  const saved = new Uint8Array(readFileSync(await download.path()));
  expect(nodesOf(saved)).toBe(after);
  expect(bnOf(saved)).toBe(0);
  const diffs = await judge(decodeModel(bytes), decodeModel(saved), { atol: 1e-4, rtol: 1e-3 });
  for (const [name, diff] of Object.entries(diffs)) expect({ name, pass: diff.pass }).toEqual({ name, pass: true });

  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(status).toHaveText(`${opened.fusible} fusible · ${opened.blocked} blocked · 0 fused`);
  await expect(report).toHaveCount(0);
  expect(await summaryNodes(page)).toBe(before);
  await page.getByRole('button', { name: 'Redo' }).click();
  await expect(report.getByText(`${before} → ${after} nodes`)).toBeVisible();
});

test('a pass turned off in Passes… is not applied', async ({ page }, testInfo) => {
  const bytes = readRealModel(CLS);
  const opened = await openCls(page);
  await page.getByRole('button', { name: /^Passes…/ }).click();
  const folds = page.getByRole('checkbox', { name: FOLDS_TITLE });
  await expect(folds).toBeChecked();
  await folds.uncheck();
  await page.screenshot({ path: testInfo.outputPath('passes-menu.png') });
  await page.keyboard.press('Escape');
  await expect(page.getByRole('checkbox', { name: FOLDS_TITLE })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Passes… (1 off)' })).toBeVisible();

  await page.getByRole('button', { name: 'Optimize all' }).click();
  const report = page.getByRole('region', { name: 'Optimize summary' });
  await expect(report).toBeVisible();
  // Nothing was folded: the Conv/BN counts are the opened model's, and the folds pass did not run.
  await expect(page.getByRole('status')).toHaveText(`${opened.fusible} fusible · ${opened.blocked} blocked · 0 fused`);
  const passes = report.getByRole('table', { name: 'Passes' });
  await expect(passes.getByRole('row', { name: /^constants / })).toBeVisible();
  await expect(passes.getByRole('row', { name: /^conv-bn-folds / })).toHaveCount(0);
  expect(await summaryNodes(page)).toBeLessThan(nodesOf(bytes));

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download' }).click(),
  ]);
  const saved = new Uint8Array(readFileSync(await download.path()));
  expect(bnOf(saved)).toBe(bnOf(bytes));

  // Turned back on, the folds run on the next Optimize all.
  await page.getByRole('button', { name: /^Passes…/ }).click();
  await page.getByRole('checkbox', { name: FOLDS_TITLE }).check();
  await page.getByRole('button', { name: 'Optimize all' }).click();
  await expect(page.getByRole('status')).toHaveText(`0 fusible · ${opened.blocked} blocked · ${opened.fusible} fused`);
});
