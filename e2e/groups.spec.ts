import { expect, test } from '@playwright/test';
import { buildLargeChain } from '../src/fixtures/large-models.ts';
import { encodeModel } from '../src/onnx/index.ts';
import { acceptNextDialog, openApp, pickFiles } from './helpers.ts';

test('a 5,000-node model opens collapsed; groups open on double-click; search reveals hidden nodes', async ({
  page,
}) => {
  await openApp(page);
  await pickFiles(page, [{ name: 'chain.onnx', bytes: encodeModel(buildLargeChain(5000)) }]);
  await expect(page.getByRole('status')).toHaveText('1250 fusible · 0 blocked · 0 fused');
  const stage0 = page.getByTestId('group-node').filter({ hasText: 'stage0' }).first();
  await expect(stage0).toContainText('400 nodes · 100 fusible');
  await expect(page.getByTestId('op-node')).toHaveCount(0);

  await stage0.dblclick();
  await expect(page.getByTestId('group-node').filter({ hasText: 'stage0/block0' })).toBeVisible();
  // Open, stage0 is a frame around its blocks; double-clicking the frame closes it again.
  const frame = page.getByTestId('group-frame').filter({ hasText: 'stage0' });
  await expect(frame).toBeVisible();
  await frame.locator('.frame-title').dblclick();
  await expect(page.getByTestId('group-frame')).toHaveCount(0);
  await expect(page.getByTestId('group-node').filter({ hasText: 'stage0/block0' })).toHaveCount(0);
  await stage0.dblclick();
  await expect(page.getByTestId('group-node').filter({ hasText: 'stage0/block0' })).toBeVisible();

  await page.getByLabel('Search nodes').fill('block310/bn');
  await page.getByRole('list', { name: 'Search results' }).getByRole('button').first().click();
  await expect(page.getByRole('region', { name: 'Node inspector' })).toContainText(
    '/stage3/block310/bn/BatchNormalization',
  );
  await expect(page.getByTestId('op-node').filter({ hasText: '/stage3/block310/bn/BatchNormalization' })).toBeVisible();

  await page.getByRole('button', { name: 'Fuse all' }).click();
  await expect(page.getByRole('status')).toHaveText('0 fusible · 0 blocked · 1250 fused', { timeout: 30_000 });
  // Groups near the view (those far off-screen are not rendered) count what was fused inside them.
  await expect(page.getByTestId('group-node').filter({ hasText: 'stage3/block309' })).toContainText(
    '3 nodes · 1 fused',
  );
});

test('opening a large model can be cancelled; the previous model stays open', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Fuse all' }).click();
  await expect(page.getByRole('status')).toHaveText('0 fusible · 1 blocked · 7 fused');
  acceptNextDialog(page);
  await pickFiles(page, [{ name: 'huge.onnx', bytes: encodeModel(buildLargeChain(150_000)) }]);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('alert')).toContainText(
    'Opening huge.onnx was cancelled. The previous model is still open.',
  );
  await expect(page.getByRole('heading', { name: 'sample.onnx' })).toBeVisible();
  await expect(page.getByRole('status')).toHaveText('0 fusible · 1 blocked · 7 fused');
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('status')).toHaveText('7 fusible · 1 blocked · 0 fused');
});

test('a flat graph past the auto-layout limit says so, still fuses, and draws on request', async ({ page }) => {
  test.setTimeout(240_000);
  await openApp(page);
  await pickFiles(page, [{ name: 'flat.onnx', bytes: encodeModel(buildLargeChain(26_000, 21, true)) }]);
  await expect(page.getByRole('status')).toHaveText('6500 fusible · 0 blocked · 0 fused', { timeout: 30_000 });
  const note = page.getByRole('note', { name: 'Graph not drawn' });
  await expect(note).toContainText('This graph would draw 26,002 nodes. Auto-layout stops at 25,000');
  await expect(page.getByTestId('op-node')).toHaveCount(0);
  await page.getByRole('button', { name: 'Fuse all' }).click();
  await expect(page.getByRole('status')).toHaveText('0 fusible · 0 blocked · 6500 fused', { timeout: 60_000 });
  // Fused, it draws fewer nodes (19,502): under the limit, so it is drawn.
  await expect(note).toHaveCount(0);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(note).toBeVisible();
  await note.getByRole('button', { name: 'Draw anyway' }).click();
  // Past the limit on purpose, so slow: with the other core busy it once took over 60 s.
  await expect(page.getByTestId('op-node').first()).toBeVisible({ timeout: 150_000 });
  await expect(page.getByRole('status')).toHaveText('6500 fusible · 0 blocked · 0 fused');
});
