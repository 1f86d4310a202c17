import { expect, type Locator, type Page, test } from '@playwright/test';
import { buildLargeChain } from '../src/fixtures/large-models.ts';
import { buildMobileNetLike } from '../src/fixtures/layout-models.ts';
import { encodeModel } from '../src/onnx/index.ts';
import { MIN_READABLE_ZOOM } from '../src/ui/graph/viewport.ts';
import { docsScreenshot, openApp, pickFiles } from './helpers.ts';

test.use({ viewport: { width: 1440, height: 900 } });

const MOBILENET_COUNTS = '52 fusible · 0 blocked · 0 fused';

async function openMobileNet(page: Page): Promise<void> {
  await openApp(page);
  await pickFiles(page, [{ name: 'mobilenet_v2.onnx', bytes: encodeModel(buildMobileNetLike()) }]);
  await expect(page.getByRole('status')).toHaveText(MOBILENET_COUNTS);
}

/** React Flow's wrapper of a drawn node, by node id. */
const flowNode = (page: Page, id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);

/** The canvas viewport's transform, read from React Flow's viewport element. */
async function viewportOf(page: Page): Promise<{ x: number; y: number; zoom: number }> {
  const style = await page.locator('.react-flow__viewport').evaluate((el) => (el as HTMLElement).style.transform);
  const match = /translate\(([-\d.e]+)px, ?([-\d.e]+)px\) scale\(([-\d.e]+)\)/.exec(style);
  if (!match) throw new Error(`unexpected transform ${style}`);
  return { x: Number(match[1]), y: Number(match[2]), zoom: Number(match[3]) };
}

/** Whether `inner` lies wholly inside `outer` on screen. */
async function expectInside(inner: Locator, outer: Locator): Promise<void> {
  const a = await inner.boundingBox();
  const b = await outer.boundingBox();
  if (!a || !b) throw new Error('not on screen');
  expect(a.x).toBeGreaterThanOrEqual(b.x - 1);
  expect(a.y).toBeGreaterThanOrEqual(b.y - 1);
  expect(a.x + a.width).toBeLessThanOrEqual(b.x + b.width + 1);
  expect(a.y + a.height).toBeLessThanOrEqual(b.y + b.height + 1);
}

/** Finds a node by search and takes it with Enter, then leaves the search box (so keys reach the canvas). */
async function searchAndEnter(page: Page, text: string): Promise<void> {
  const search = page.getByLabel('Search nodes');
  await search.fill(text);
  await search.press('Enter');
  await search.blur();
}

test('the selected node is marked on the canvas, and the inspector scrolls into view', async ({ page }) => {
  await openMobileNet(page);
  const panel = page.getByRole('complementary', { name: 'Side panel' });
  const canvas = page.getByTestId('graph-canvas');

  // Clicking a node marks it (React Flow's "selected", announced with aria-current).
  const stem = flowNode(page, '/features/features.0/features.0.0/Conv');
  await stem.click();
  await expect(stem).toHaveClass(/\bselected\b/);
  await expect(stem).toHaveAttribute('aria-current', 'true');
  expect(await stem.locator('.op-node').evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid');
  await expect(page.locator('.react-flow__node.selected')).toHaveCount(1);

  // With the panel scrolled down to the end of the candidate list, a selection brings the inspector back.
  expect(await panel.evaluate((el) => el.scrollHeight > el.clientHeight + 200)).toBe(true);
  await panel.evaluate((el) => {
    el.scrollTop = el.scrollHeight;
  });
  const target = '/features/features.6/conv/conv.1/conv.1.0/Conv';
  await searchAndEnter(page, 'features.6/conv/conv.1/conv.1.0');
  const found = flowNode(page, target);
  await expect(found).toHaveClass(/\bselected\b/);
  // The mark moved: only the found node carries it (the first may be off screen, so not drawn).
  await expect(page.locator('.react-flow__node.selected')).toHaveAttribute('data-id', target);
  const inspector = page.getByRole('region', { name: 'Node inspector' });
  await expect(inspector).toContainText(target);
  await expect(inspector).toBeInViewport();
  await expectInside(inspector.getByRole('heading').first(), panel);
  await expect(async () => expectInside(found, canvas)).toPass();

  // Clicking the empty canvas clears the mark.
  await canvas.locator('.react-flow__pane').click({ position: { x: 30, y: 30 } });
  await expect(page.locator('.react-flow__node.selected')).toHaveCount(0);
});

test('node names keep the block and the end that tell them apart; the full name on hover', async ({ page }) => {
  await openMobileNet(page);
  const name = '/features/features.1/conv/conv.0/conv.0.0/Conv';
  const card = flowNode(page, name).locator('.op-name');
  await expect(card).toHaveAttribute('title', name);
  const shown = card.locator('[aria-hidden="true"]');
  // The block number stays: the op type (the card's title) and the scopes that "conv.0.0" repeats go.
  await expect(shown).toHaveText('/features.1/conv.0.0');
  // It fits the card as drawn, so the browser's own ellipsis does not cut its end off again.
  expect(await card.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  // Screen readers (and search by text) still get the whole name.
  await expect(card).toContainText(name);
  // Its weight chip keeps the end of the weight's name too, and fits.
  const chip = flowNode(page, name).locator('.chip').first();
  await expect(chip).toHaveAttribute('title', 'features.1.conv.0.0.weight');
  await expect(chip.locator('.chip-name')).toHaveText(/^….*\.weight$/);
  expect(await chip.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
});

test('"Tidy layout" closes the gaps "Fuse all" left, keeping the selected node in place', async ({
  page,
}, testInfo) => {
  await openMobileNet(page);
  const status = page.getByRole('status');
  const canvas = page.getByTestId('graph-canvas');
  await page.getByRole('button', { name: 'Fuse all' }).click();
  await expect(status).toHaveText('0 fusible · 0 blocked · 52 fused');

  const id = '/features/features.9/conv/conv.1/conv.1.0/Conv';
  await searchAndEnter(page, 'features.9/conv/conv.1/conv.1.0');
  const node = flowNode(page, id);
  await expect(node).toHaveClass(/\bselected\b/);
  // Let the move to the node finish before measuring where it is.
  await expect(async () => {
    const a = await node.boundingBox();
    await page.waitForTimeout(150);
    expect(await node.boundingBox()).toEqual(a);
  }).toPass();
  const before = await node.boundingBox();
  const placeBefore = await node.evaluate((el) => (el as HTMLElement).style.transform);
  await page.screenshot({ path: testInfo.outputPath('fused-with-gaps.png') });
  await testInfo.attach('fused-with-gaps', {
    path: testInfo.outputPath('fused-with-gaps.png'),
    contentType: 'image/png',
  });

  await page.getByRole('button', { name: 'Tidy layout' }).click();
  // The node moved up in the graph (the slots above it closed) but not on the screen.
  await expect(node).not.toHaveAttribute('style', new RegExp(placeBefore.replace(/[()]/g, '\\$&')));
  await expect(page.getByRole('button', { name: 'Tidy layout' })).toBeEnabled();
  const after = await node.boundingBox();
  expect(Math.abs((after?.x ?? 0) - (before?.x ?? 0))).toBeLessThan(2);
  expect(Math.abs((after?.y ?? 0) - (before?.y ?? 0))).toBeLessThan(2);
  await expectInside(node, canvas);
  await expect(node).toHaveClass(/\bselected\b/);
  // Only the picture changed: the model, its counts and its history are as they were.
  await expect(status).toHaveText('0 fusible · 0 blocked · 52 fused');
  await expect(page.getByRole('button', { name: 'Undo' })).toBeEnabled();

  // The picture for the closing note: the tidied graph fitted to its width, then zoomed out to
  // about the smallest readable zoom, to show more of it.
  await canvas.locator('.react-flow__pane').click({ position: { x: 30, y: 30 } });
  await page.keyboard.press('f');
  await page.waitForTimeout(300);
  for (let i = 0; i < 2; i++) await page.getByRole('button', { name: 'Zoom out' }).click();
  await page.waitForTimeout(400);
  await page.screenshot({ path: docsScreenshot(testInfo, 'tidy-layout.png') });
});

test('F fits a 1,000-node chain at a readable zoom, and with a selection keeps that node in view', async ({ page }) => {
  await openApp(page);
  await pickFiles(page, [{ name: 'chain.onnx', bytes: encodeModel(buildLargeChain(1000)) }]);
  await expect(page.getByRole('status')).toHaveText('250 fusible · 0 blocked · 0 fused');
  const canvas = page.getByTestId('graph-canvas');
  await canvas.locator('.react-flow__pane').click({ position: { x: 30, y: 30 } });
  await page.keyboard.press('f');
  await expect.poll(async () => (await viewportOf(page)).zoom).toBeGreaterThanOrEqual(MIN_READABLE_ZOOM);
  await expect(page.getByTestId('op-node').first()).toBeVisible();

  // The same from the Controls' fit button.
  await page.getByRole('button', { name: 'Zoom out' }).click();
  await page.getByRole('button', { name: 'Zoom out' }).click();
  await page.getByRole('button', { name: 'Fit view' }).click();
  await expect.poll(async () => (await viewportOf(page)).zoom).toBeGreaterThanOrEqual(MIN_READABLE_ZOOM);

  const id = '/stage2/block230/relu/Relu';
  await searchAndEnter(page, 'block230/relu');
  await expect(flowNode(page, id)).toHaveClass(/\bselected\b/);
  // Far from it, zoomed out, then F: back to the node and its neighbours, readable.
  await page.getByRole('button', { name: 'Zoom out' }).click();
  await page.mouse.move(400, 400);
  await page.mouse.wheel(0, 6000);
  await page.keyboard.press('f');
  await expect.poll(async () => (await viewportOf(page)).zoom).toBeGreaterThanOrEqual(MIN_READABLE_ZOOM);
  await expect(async () => expectInside(flowNode(page, id), canvas)).toPass();
});

test('the drop hint covers the graph while a file is dragged over the page', async ({ page }) => {
  await openApp(page);
  const dataTransfer = await page.evaluateHandle(() => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array([1])], 'model.onnx'));
    return transfer;
  });
  await page.dispatchEvent('body', 'dragenter', { dataTransfer });
  const hint = page.getByText('Drop an ONNX model (and its side files) to open it');
  await expect(hint).toBeVisible();
  const box = await hint.boundingBox();
  if (!box) throw new Error('hint not on screen');
  // On top: what is under the middle of the hint, and under a point of the canvas beside it, is the overlay.
  const onTop = await page.evaluate(
    ({ x, y }) => {
      const at = (px: number, py: number) => document.elementFromPoint(px, py)?.closest('.drop-overlay') !== null;
      return { hint: at(x, y), canvas: at(200, 400) };
    },
    { x: box.x + box.width / 2, y: box.y + box.height / 2 },
  );
  expect(onTop).toEqual({ hint: true, canvas: true });
  // Opaque enough that no node or edge is read through it.
  const alpha = (colour: string) => {
    const channels = colour.match(/[\d.]+/g) ?? [];
    return channels.length === 4 ? Number(channels[3]) : 1;
  };
  const hintBackground = await hint.evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(alpha(hintBackground)).toBe(1);
  const overlayBackground = await page
    .getByTestId('drop-overlay')
    .evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(alpha(overlayBackground)).toBeGreaterThanOrEqual(0.9);
  await page.dispatchEvent('body', 'dragleave', { dataTransfer });
  await expect(hint).toHaveCount(0);
});
