import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { BROKEN_SCOPE, buildFoldPair } from '../src/fixtures/broken-fold.ts';
import { DataType, encodeModel } from '../src/onnx/index.ts';
import { parseNpy } from '../src/onnx/npy.ts';
import { docsScreenshot, openApp, pickFiles } from './helpers.ts';

test('Compare layers on the fused sample: every node coloured, the legend, no divergence, and the 4-D output’s heat map', async ({
  page,
}, testInfo) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Fuse all' }).click();
  await expect(page.getByRole('status')).toHaveText('0 fusible · 1 blocked · 7 fused');
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  await page.getByRole('button', { name: 'Compare layers' }).click();
  // The comparison of outputs runs first (same models, same inputs), then the layers.
  await expect(page.getByTestId('first-divergence')).toHaveText(
    /^No layer diverges: all \d+ values both models have are within tolerance\.$/,
    { timeout: 90_000 },
  );
  const legend = page.getByRole('region', { name: 'Layer error legend' });
  await expect(legend).toContainText('Layer error ÷ tolerance');
  // Every op of the fused model produces a value the original has too: every card drawn is coloured.
  const coloured = page.locator('.op-node.has-heat');
  await expect(coloured.first()).toBeVisible();
  expect(await coloured.count()).toBe(await page.locator('.op-node').count());
  // Every value within tolerance: no card is past the limit (ratio ≤ 1).
  for (const ratio of await coloured.evaluateAll((nodes) =>
    nodes.map((n) => Number(n.getAttribute('data-layer-error'))),
  )) {
    expect(ratio).toBeLessThanOrEqual(1);
  }
  // tap_features is [1, 32, 16, 16]: its absolute error is drawn as a heat map with a scale.
  await expect(
    page.getByRole('img', { name: /^Absolute error of tap_features, all channels summed: largest / }),
  ).toBeVisible();
  await expect(page.getByTestId('heat-map').first()).toContainText('|difference|');
  await expect(page.getByRole('table', { name: 'Statistics of logits', includeHidden: true })).toBeAttached();
  await page.screenshot({ path: testInfo.outputPath('layers-pass.png') });
  // Inputs as fed and outputs as each model gave them save as .npy files NumPy reads.
  const saved = async (name: string) => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
    return {
      file: download.suggestedFilename(),
      npy: parseNpy(new Uint8Array(readFileSync((await download.path()) as string))),
    };
  };
  const input = await saved('Save image .npy (input)');
  expect(input.file).toBe('image.input.npy');
  expect(input.npy).toMatchObject({ dataType: DataType.FLOAT, dims: [1, 3, 32, 32] });
  await page.getByText('logits: statistics').click();
  const logits = await saved('Save fused .npy of logits');
  expect(logits.file).toBe('logits.fused.npy');
  expect(logits.npy).toMatchObject({ dataType: DataType.FLOAT, dims: [1, 10] });
  // The toggle turns the colours off, and on again.
  await legend.getByLabel('Colour nodes by layer error').uncheck();
  await expect(coloured).toHaveCount(0);
  await legend.getByLabel('Colour nodes by layer error').check();
  await expect(coloured.first()).toBeVisible();
});

test('Compare layers against a fold that forgot one BN’s mean: that BN is the first divergence, coloured, and centred on click', async ({
  page,
}, testInfo) => {
  const pair = buildFoldPair({ broken: true });
  await openApp(page);
  await pickFiles(page, [{ name: 'net.onnx', bytes: encodeModel(pair.original) }]);
  await expect(page.getByRole('heading', { name: 'net.onnx' })).toBeVisible();
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  await page.getByLabel('Second model (with its side files)').setInputFiles({
    name: 'broken.onnx',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from(encodeModel(pair.fused)),
  });
  await page.getByRole('button', { name: 'Compare layers' }).click();
  const first = page.getByTestId('first-divergence');
  // The graph shows the loaded model: the BN is named first, the conv that absorbed it after.
  await expect(first).toHaveText(
    `First divergence: ${pair.brokenValue}, produced by node /${BROKEN_SCOPE}/bn/BatchNormalization (BatchNormalization); /${BROKEN_SCOPE}/conv/Conv (Conv) in broken.onnx.`,
    { timeout: 90_000 },
  );
  await first.click();
  const node = page.locator(`.react-flow__node[data-id="${pair.brokenBn}"]`);
  await expect(node.locator('.op-node')).toHaveClass(/is-first-divergence/);
  await expect(node.getByText('first divergence')).toBeVisible();
  // Past tolerance: red end of the scale.
  expect(Number(await node.locator('.op-node').getAttribute('data-layer-error'))).toBeGreaterThan(100);
  // Centred: the node's middle is at the canvas's middle.
  await expect
    .poll(async () => {
      const canvas = await page.getByTestId('graph-canvas').boundingBox();
      const box = await node.boundingBox();
      if (!canvas || !box) return Number.POSITIVE_INFINITY;
      return Math.hypot(
        box.x + box.width / 2 - (canvas.x + canvas.width / 2),
        box.y + box.height / 2 - (canvas.y + canvas.height / 2),
      );
    })
    .toBeLessThan(40);
  // Every value before it, in topological order, agrees; it is the first that does not.
  const rows = page.getByRole('table', { name: 'Compared layers', includeHidden: true }).locator('tbody tr');
  const names = await rows.locator('td:first-child').allTextContents();
  const results = await rows.locator('td:last-child').allTextContents();
  const at = names.indexOf(pair.brokenValue);
  expect(at).toBeGreaterThan(3);
  expect(results.slice(0, at).every((r) => r === 'pass')).toBe(true);
  expect(results[at]).toBe('fail');
  // The layer report copies as Markdown, first divergence first.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByRole('button', { name: 'Copy layers Markdown' }).click();
  await expect(page.getByText('Layers Markdown copied')).toBeVisible();
  const markdown = await page.evaluate(() => navigator.clipboard.readText());
  expect(markdown).toContain(`**First divergence: ${pair.brokenValue}, produced by node /${BROKEN_SCOPE}/bn/`);
  expect(markdown).toMatch(
    new RegExp(`\\| ${pair.brokenValue} \\| /${BROKEN_SCOPE}/bn/BatchNormalization \\| .* \\| fail \\|`),
  );
  // The first divergence centred, tagged and red, its statistics in the panel: the docs' picture.
  await page.screenshot({ path: docsScreenshot(testInfo, 'compare-layers.png') });
  // Tolerances per output: both outputs loosened, the comparison passes without running again;
  // one alone does not.
  const verify = page.getByRole('region', { name: 'Verify' });
  await expect(verify.getByTestId('compare-verdict')).toHaveText('Outputs differ beyond tolerance.');
  await verify.getByText('logits: statistics').click();
  await verify.getByLabel('atol for logits').fill('1000');
  await expect(verify.getByTestId('compare-verdict')).toHaveText('Outputs differ beyond tolerance.');
  await verify.getByLabel('atol for tap_features').fill('1000');
  await expect(verify.getByTestId('compare-verdict')).toHaveText('All outputs agree.');
  await expect(verify.getByRole('table', { name: 'Statistics of logits' })).toBeVisible();
  await expect(verify.getByText(/Check: elementwise at atol 1000, rtol 0\.001/).first()).toBeVisible();
});

test('a layer comparison can be cancelled, and run again', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  const verify = page.getByRole('region', { name: 'Verify' });
  await expect(verify.getByRole('button', { name: 'Run comparison' })).toBeEnabled({ timeout: 60_000 });
  const layers = page.getByRole('region', { name: 'Layers' });
  await layers.getByRole('button', { name: 'Compare layers' }).click();
  // The worker is still loading onnxruntime-web: Cancel terminates it.
  await layers.getByRole('button', { name: 'Cancel layer comparison' }).click();
  await expect(layers.getByText('Cancelled.')).toBeVisible();
  await expect(page.getByTestId('first-divergence')).toHaveCount(0);
  await expect(layers.getByRole('button', { name: 'Compare layers' })).toBeEnabled();
  await layers.getByRole('button', { name: 'Compare layers' }).click();
  await expect(page.getByTestId('first-divergence')).toHaveText(/^No layer diverges/, { timeout: 60_000 });
  await expect(layers.getByText('Cancelled.')).toHaveCount(0);
});
