import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { buildNaNConvBn, buildOverflowingConvBn } from '../src/fixtures/non-finite-models.ts';
import { encodeModel } from '../src/onnx/index.ts';
import { docsScreenshot, openApp, pickFiles } from './helpers.ts';

/** Fuse all, Compare, and wait for the comparison table. */
async function fuseAndCompare(page: Page, counts: string): Promise<Locator> {
  await page.getByRole('button', { name: 'Fuse all' }).click();
  await expect(page.getByRole('status')).toHaveText(counts);
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  const verify = page.getByRole('region', { name: 'Verify' });
  await expect(verify.getByRole('table', { name: 'Comparison' })).toBeVisible({ timeout: 60_000 });
  return verify;
}

/** The element at the centre of a locator's box is the locator's element or inside it (nothing covers it). */
async function onTopAtCentre(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => {
    const box = element.getBoundingClientRect();
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return hit !== null && element.contains(hit);
  });
}

test('an output NaN in both models reads "inconclusive", and so does the headline', async ({ page }, testInfo) => {
  await openApp(page);
  await pickFiles(page, [{ name: 'nan.onnx', bytes: encodeModel(buildNaNConvBn()) }]);
  await expect(page.getByRole('heading', { name: 'nan.onnx' })).toBeVisible();
  const verify = await fuseAndCompare(page, '0 fusible · 0 blocked · 2 fused');
  const rows = verify.getByRole('table', { name: 'Comparison' }).locator('tbody tr');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0).locator('td').first()).toContainText('nan');
  await expect(rows.nth(0).locator('td:last-child')).toHaveText('inconclusive');
  await expect(rows.nth(0)).toContainText(
    'Every value (256) is NaN or ±Inf in both models, so nothing could be compared.',
  );
  // Nothing was measured, so no figure pretends otherwise (max abs 0 and cosine 1 would).
  await expect(rows.nth(0).locator('td.figure .num')).toHaveText(['—', '—', '—', '—', '—', '—']);
  await expect(rows.nth(1).locator('td:last-child')).toHaveText('pass');
  const headline = verify.getByTestId('compare-verdict');
  await expect(headline).not.toContainText('All outputs agree');
  await expect(headline).toContainText('Inconclusive: 1 of 2 outputs hold NaN or ±Inf in both models');
  await expect(headline).toContainText('try a smaller input scale');
  await page.screenshot({ path: testInfo.outputPath('inconclusive.png') });
});

test('the advice works: a smaller input scale turns an overflowing model from inconclusive to pass', async ({
  page,
}) => {
  await openApp(page);
  await pickFiles(page, [{ name: 'overflow.onnx', bytes: encodeModel(buildOverflowingConvBn()) }]);
  await expect(page.getByRole('heading', { name: 'overflow.onnx' })).toBeVisible();
  const verify = await fuseAndCompare(page, '0 fusible · 0 blocked · 2 fused');
  const result = verify.getByRole('table', { name: 'Comparison' }).locator('tbody td:last-child');
  await expect(result).toHaveText('inconclusive');
  await expect(verify.getByTestId('compare-verdict')).toContainText('Inconclusive: the output holds NaN or ±Inf');
  await verify.getByLabel('Input scale', { exact: true }).fill('0.01');
  await verify.getByRole('button', { name: 'Run comparison' }).click();
  await expect(verify.getByTestId('compare-inputs')).toHaveText('Inputs: x[1,4,8,8] ← random in ±0.01, seed 1', {
    timeout: 60_000,
  });
  await expect(result).toHaveText('pass');
  await expect(verify.getByTestId('compare-verdict')).toHaveText('All outputs agree.');
});

for (const viewport of [
  { width: 1280, height: 800 },
  { width: 1440, height: 900 },
]) {
  test(`every verdict is in view and on top at ${viewport.width}×${viewport.height}, with no sideways scrolling`, async ({
    page,
  }) => {
    await page.setViewportSize(viewport);
    await openApp(page);
    const verify = await fuseAndCompare(page, '0 fusible · 1 blocked · 7 fused');
    const results = verify.getByRole('table', { name: 'Comparison' }).locator('tbody td:last-child');
    await expect(results).toHaveCount(2);
    for (const cell of await results.all()) {
      await expect(cell).toHaveText('pass');
      await expect(cell).toBeInViewport({ ratio: 1 });
      expect(await onTopAtCentre(cell)).toBe(true);
    }
    // Nothing in the panel is wider than the panel.
    const overflow = await verify.evaluate((panel) => {
      const results = panel.querySelector('.compare-results') as HTMLElement;
      return { panel: panel.scrollWidth - panel.clientWidth, results: results.scrollWidth - results.clientWidth };
    });
    expect(overflow).toEqual({ panel: 0, results: 0 });
  });
}

test('the side panel never scrolls sideways, even with the long symbolic types of the PaddleOCR det model', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openApp(page);
  const det = join(
    import.meta.dirname,
    '..',
    'node_modules',
    '@gutenye',
    'ocr-models',
    'assets',
    'ch_PP-OCRv4_det_infer.onnx',
  );
  await pickFiles(page, [{ name: 'ch_PP-OCRv4_det_infer.onnx', bytes: new Uint8Array(readFileSync(det)) }]);
  // Its input is float32[p2o.DynamicDimension.0,3,p2o.DynamicDimension.1,p2o.DynamicDimension.2].
  await expect(page.getByRole('region', { name: 'Model summary' })).toContainText('p2o.DynamicDimension.2');
  const verify = await fuseAndCompare(page, '0 fusible · 0 blocked · 61 fused');
  const panel = page.getByRole('complementary', { name: 'Side panel' });
  expect(await panel.evaluate((e) => e.scrollWidth - e.clientWidth)).toBe(0);
  for (const cell of await verify.getByRole('table', { name: 'Comparison' }).locator('tbody td:last-child').all()) {
    await expect(cell).toBeInViewport({ ratio: 1 });
  }
});

test('a comparison before anything changed says the model was compared with itself', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  const verify = page.getByRole('region', { name: 'Verify' });
  await expect(verify.getByRole('table', { name: 'Comparison' })).toBeVisible({ timeout: 60_000 });
  await expect(verify.getByTestId('compare-unchanged')).toContainText('the model was compared with itself');
  await fuseAndCompare(page, '0 fusible · 1 blocked · 7 fused');
  await expect(verify.getByTestId('compare-unchanged')).toHaveCount(0);
});

test('options read in full: setup, provider and normalization, and the labelled image picker', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openApp(page);
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  const verify = page.getByRole('region', { name: 'Verify' });
  await expect(verify.getByRole('table', { name: 'Comparison' })).toBeVisible({ timeout: 60_000 });
  for (const setup of ['same', 'ort-optimizer']) {
    await verify.getByLabel('Setup', { exact: true }).selectOption(setup);
    // A select's scrollWidth does not grow with its text: measure the chosen option's text in the
    // select's font against the room inside it (padding and the arrow taken off).
    for (const select of await verify.locator('select').all()) {
      const fit = await select.evaluate((element) => {
        const s = element as HTMLSelectElement;
        const style = getComputedStyle(s);
        const context = document.createElement('canvas').getContext('2d') as CanvasRenderingContext2D;
        context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        const text = s.selectedOptions[0]?.text ?? '';
        const room = s.clientWidth - Number.parseFloat(style.paddingLeft) - Number.parseFloat(style.paddingRight) - 20;
        return { text, width: Math.ceil(context.measureText(text).width), room };
      });
      expect(fit.width, `"${fit.text}" fits its select`).toBeLessThanOrEqual(fit.room);
    }
  }
  const picker = verify.getByLabel('Input image');
  await expect(picker).toHaveAttribute('type', 'file');
  const chooser = verify.getByText('Choose picture…');
  const state = verify.getByTestId('image-state');
  await expect(chooser).toBeVisible();
  await expect(state).toHaveText('None: seeded random data');
  for (const text of [chooser, state]) {
    const { scroll, client } = await text.evaluate((e) => ({ scroll: e.scrollWidth, client: e.clientWidth }));
    expect(scroll).toBeLessThanOrEqual(client);
  }
});

test('the latency ratio says what it means, and the panel is pictured for the docs', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openApp(page);
  const verify = await fuseAndCompare(page, '0 fusible · 1 blocked · 7 fused');
  const ratio = Number(await verify.getByTestId('latency-ratio').textContent());
  const meaning = verify.getByTestId('latency-meaning');
  await expect(meaning).toHaveText(/^fused (\d+\.\d\d× (slower|faster)|about as fast)$/);
  // The words agree with the number, which is shown to 3 decimals: the factor lies between those
  // of the ratio's rounding bounds, give or take its own rounding to 2 decimals.
  const [, factor, direction] = /(\d+\.\d\d)× (slower|faster)/.exec((await meaning.textContent()) ?? '') ?? [];
  const factorOf = (r: number) => (r >= 1 ? r : 1 / r);
  const bounds = [factorOf(ratio - 0.0005), factorOf(ratio + 0.0005)].sort((a, b) => a - b) as [number, number];
  if (direction) {
    expect(direction).toBe(ratio > 1 ? 'slower' : 'faster');
    expect(Number(factor)).toBeGreaterThanOrEqual(bounds[0] - 0.005);
    expect(Number(factor)).toBeLessThanOrEqual(bounds[1] + 0.005);
  } else expect(Math.abs(ratio - 1)).toBeLessThanOrEqual(0.0055);
  // The picture shows the results whole: verdict, per-output figures, tolerance and latency.
  await verify.locator('.compare-results').evaluate((e) => e.scrollIntoView({ block: 'start' }));
  const path = docsScreenshot(testInfo, 'compare-panel.png');
  // A passing notice (offline readiness) would cover part of the picture; the page is unchanged.
  await page.screenshot({ path, style: '[data-testid="offline-notice"] { display: none; }' });
  await testInfo.attach('compare panel', { path, contentType: 'image/png' });
});
