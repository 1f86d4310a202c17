import { expect, type Locator, type Page, test } from '@playwright/test';
import { buildLargeChain } from '../src/fixtures/large-models.ts';
import { encodeModel } from '../src/onnx/index.ts';
import { docsScreenshot, openApp, pickFiles } from './helpers.ts';

/** One side of the diff view: "original" or "current". */
const side = (page: Page, which: 'original' | 'current') => page.getByTestId(`diff-${which}`);

/** React Flow's wrapper of a drawn node on one side, by node id. */
const nodeOn = (page: Page, which: 'original' | 'current', id: string) =>
  side(page, which).locator(`.react-flow__node[data-id="${id}"]`);

/** A side's viewport, read from its React Flow viewport element. */
async function viewportOf(page: Page, which: 'original' | 'current'): Promise<{ x: number; y: number; zoom: number }> {
  const style = await side(page, which)
    .locator('.react-flow__viewport')
    .evaluate((el) => (el as HTMLElement).style.transform);
  const match = /translate\(([-\d.e]+)px, ?([-\d.e]+)px\) scale\(([-\d.e]+)\)/.exec(style);
  if (!match) throw new Error(`unexpected transform ${style}`);
  return { x: Number(match[1]), y: Number(match[2]), zoom: Number(match[3]) };
}

/** How far the centre of `node` is from the centre of its canvas, in screen pixels. */
async function offCentre(node: Locator, canvas: Locator): Promise<number> {
  const a = await node.boundingBox();
  const b = await canvas.locator('.react-flow').boundingBox();
  if (!a || !b) return Number.POSITIVE_INFINITY;
  return Math.hypot(a.x + a.width / 2 - (b.x + b.width / 2), a.y + a.height / 2 - (b.y + b.height / 2));
}

test('the diff after Fuse all: BNs removed in red, convs changed in weights, entries centred, sides in step', async ({
  page,
}, testInfo) => {
  await page.setViewportSize({ width: 1680, height: 960 });
  await openApp(page);
  await page.getByRole('button', { name: 'Fuse all' }).click();
  await expect(page.getByRole('status')).toHaveText('0 fusible · 1 blocked · 7 fused');
  const toggle = page.getByRole('button', { name: 'Show diff' });
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');

  const changes = page.getByRole('region', { name: 'Changes' });
  await expect(changes.getByTestId('diff-counts')).toHaveText('7 removed · 0 added · 7 changed · 12 unchanged');
  const removed = changes.getByRole('list', { name: 'Removed nodes' }).getByRole('button');
  await expect(removed).toHaveCount(7);
  for (const entry of await removed.all()) await expect(entry).toHaveAccessibleName(/^BatchNormalization .*: removed$/);
  const changed = changes.getByRole('list', { name: 'Changed nodes' }).getByRole('button');
  await expect(changed).toHaveCount(7);
  const stemConv = changed.filter({ hasText: '/stem/conv/Conv' });
  await expect(stemConv).toHaveAccessibleName('Conv /stem/conv/Conv: weights W, B');
  await expect(stemConv).toContainText('W values changed');
  await expect(stemConv).toContainText('B added');

  // Removed BNs are drawn red on the original side and are not on the current side; the convs amber on both.
  const bn = '/stem/bn/BatchNormalization';
  await expect(nodeOn(page, 'original', bn)).toHaveClass(/\bdiff-removed\b/);
  await expect(nodeOn(page, 'original', bn).locator('.op-node')).toHaveCSS('border-top-color', 'rgb(200, 30, 30)');
  await expect(nodeOn(page, 'current', bn)).toHaveCount(0);
  for (const which of ['original', 'current'] as const) {
    await expect(nodeOn(page, which, '/stem/conv/Conv')).toHaveClass(/\bdiff-changed\b/);
    await expect(nodeOn(page, which, '/stem/relu/Relu')).not.toHaveClass(/\bdiff-/);
  }
  // No Fuse buttons or fusion marks in the diff: they belong to the main canvas.
  await expect(side(page, 'original').getByRole('button', { name: /^Fuse / })).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Graph diff' }).getByRole('list', { name: 'Legend' })).toContainText(
    'removed (original)',
  );

  // An entry far down the graph: centred on the original side, and the current side moved with it.
  const deep = '/layer2/layer2.0/downsample/bn/BatchNormalization';
  await removed.filter({ hasText: deep }).click();
  await expect.poll(() => offCentre(nodeOn(page, 'original', deep), side(page, 'original'))).toBeLessThan(4);
  await expect(nodeOn(page, 'original', deep)).toHaveClass(/\bselected\b/);
  const deepConv = '/layer2/layer2.0/downsample/conv/Conv';
  await changed.filter({ hasText: deepConv }).click();
  for (const which of ['original', 'current'] as const) {
    await expect.poll(() => offCentre(nodeOn(page, which, deepConv), side(page, which))).toBeLessThan(4);
    await expect(nodeOn(page, which, deepConv)).toHaveClass(/\bselected\b/);
  }

  // Selecting a node on one side selects its match on the other.
  await nodeOn(page, 'original', '/layer2/layer2.0/a/conv/Conv').click();
  await expect(nodeOn(page, 'current', '/layer2/layer2.0/a/conv/Conv')).toHaveClass(/\bselected\b/);
  await expect(nodeOn(page, 'original', deepConv)).not.toHaveClass(/\bselected\b/);

  // Panning the current side pans the original by as much.
  const before = { original: await viewportOf(page, 'original'), current: await viewportOf(page, 'current') };
  const pane = await side(page, 'current').locator('.react-flow__pane').boundingBox();
  if (!pane) throw new Error('no pane');
  await page.mouse.move(pane.x + 40, pane.y + pane.height - 40);
  await page.mouse.down();
  await page.mouse.move(pane.x + 140, pane.y + pane.height - 200, { steps: 8 });
  await page.mouse.up();
  await expect.poll(async () => (await viewportOf(page, 'current')).y - before.current.y).toBeLessThan(-100);
  const after = { original: await viewportOf(page, 'original'), current: await viewportOf(page, 'current') };
  expect(after.original.x - before.original.x).toBeCloseTo(after.current.x - before.current.x, 0);
  expect(after.original.y - before.original.y).toBeCloseTo(after.current.y - before.current.y, 0);

  await changed.filter({ hasText: '/layer1/layer1.0/b/conv/Conv' }).click();
  await expect
    .poll(() => offCentre(nodeOn(page, 'current', '/layer1/layer1.0/b/conv/Conv'), side(page, 'current')))
    .toBeLessThan(4);
  // The picture without the passing "ready to work offline" note over the canvases.
  const offlineNote = page.getByRole('button', { name: 'Dismiss offline notice' });
  if (await offlineNote.isVisible()) await offlineNote.click();
  await page.screenshot({ path: docsScreenshot(testInfo, 'graph-diff.png') });

  // Undo: the diff follows the model; closing brings the main canvas back.
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(changes.getByTestId('diff-counts')).toHaveText('0 removed · 0 added · 0 changed · 26 unchanged');
  await expect(changes).toContainText('No changes');
  await toggle.click();
  await expect(page.getByRole('region', { name: 'Graph diff' })).toHaveCount(0);
  await expect(page.getByTestId('graph-canvas')).toBeVisible();
});

test('on a model opened with closed groups, an entry opens the groups around its node and centres it', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1680, height: 960 });
  await openApp(page);
  await pickFiles(page, [{ name: 'chain.onnx', bytes: encodeModel(buildLargeChain(2_000)) }]);
  await expect(page.getByRole('status')).toHaveText('500 fusible · 0 blocked · 0 fused');
  await page.getByRole('button', { name: 'Fuse all' }).click();
  await expect(page.getByRole('status')).toHaveText('0 fusible · 0 blocked · 500 fused', { timeout: 30_000 });
  await page.getByRole('button', { name: 'Show diff' }).click();
  const changes = page.getByRole('region', { name: 'Changes' });
  await expect(changes.getByTestId('diff-counts')).toHaveText('500 removed · 0 added · 500 changed · 1,000 unchanged');
  // Groups drawn closed hold the changes: dashed on both sides.
  await expect(nodeOn(page, 'current', 'group:stage3')).toHaveClass(/\bdiff-contains\b/);
  await expect(nodeOn(page, 'original', 'group:stage3')).toHaveClass(/\bdiff-contains\b/);

  const bn = '/stage3/block345/bn/BatchNormalization';
  await changes.getByRole('list', { name: 'Removed nodes' }).getByRole('button').filter({ hasText: bn }).click();
  await expect(nodeOn(page, 'original', bn)).toHaveClass(/\bdiff-removed\b/);
  await expect.poll(() => offCentre(nodeOn(page, 'original', bn), side(page, 'original'))).toBeLessThan(4);
  const conv = '/stage3/block345/conv/Conv';
  await changes.getByRole('list', { name: 'Changed nodes' }).getByRole('button').filter({ hasText: conv }).click();
  for (const which of ['original', 'current'] as const) {
    await expect(nodeOn(page, which, conv)).toHaveClass(/\bdiff-changed\b/);
    await expect.poll(() => offCentre(nodeOn(page, which, conv), side(page, which))).toBeLessThan(4);
  }
  await page.keyboard.press('Escape');
  await expect(page.getByRole('region', { name: 'Graph diff' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Show diff' })).toHaveAttribute('aria-pressed', 'false');
});
