import { expect, type Locator, type Page, test } from '@playwright/test';
import { ModelBuilder } from '../src/fixtures/builder.ts';
import { buildLargeChain } from '../src/fixtures/large-models.ts';
import { buildConvBn, buildResNetLike } from '../src/fixtures/models.ts';
import { encodeModel } from '../src/onnx/index.ts';
import { docsScreenshot, openApp, pickFiles } from './helpers.ts';

test.use({ viewport: { width: 1440, height: 900 } });

const panelOf = (page: Page) => page.getByRole('region', { name: 'Fusion candidates' });
/** The lines of the list that show a pair (not a group header). */
const pairRows = (panel: Locator) => panel.getByRole('listitem').filter({ has: panel.page().locator('.cand-row') });

/** Each line's height over the line height of its text: 1 for one line, 2 or more when it wraps. */
async function linesTall(item: Locator): Promise<number> {
  const box = await item.boundingBox();
  const lineHeight = await item.evaluate((el) => {
    const text = el.querySelector('button') ?? el;
    const style = getComputedStyle(text);
    const value = Number.parseFloat(style.lineHeight);
    return Number.isFinite(value) ? value : Number.parseFloat(style.fontSize) * 1.2;
  });
  return (box?.height ?? 0) / lineHeight;
}

test('each pair is one line, its long scope path cut from the left, the full path on hover', async ({ page }) => {
  await openApp(page);
  const model = buildResNetLike();
  // Exporters nest names deeply (torchvision: "/features/features.5/conv/conv.0/conv.0.0/Conv").
  for (const node of model.graph?.node ?? []) node.name = `/backbone/features/features.5/conv/conv.0${node.name}`;
  await pickFiles(page, [{ name: 'deep.onnx', bytes: encodeModel(model) }]);
  await expect(page.getByRole('status')).toHaveText('7 fusible · 1 blocked · 0 fused');
  const panel = panelOf(page);
  const items = panel.getByRole('listitem');
  await expect(items.first()).toBeVisible();
  const count = await items.count();
  expect(count).toBeGreaterThanOrEqual(8);
  for (let i = 0; i < count; i++) expect(await linesTall(items.nth(i))).toBeLessThanOrEqual(1.6);

  const stem = panel.getByRole('button', { name: /stem\/conv\/Conv$/ });
  await expect(stem).toHaveText(/^….*\/stem\/conv\/Conv$/);
  await expect(stem).toHaveAttribute(
    'title',
    /Conv \/backbone\/features\/features\.5\/conv\/conv\.0\/stem\/conv\/Conv/,
  );
  // Clicking a row still brings its node into the inspector.
  await stem.click();
  await expect(page.getByRole('region', { name: 'Node inspector' })).toContainText(
    '/backbone/features/features.5/conv/conv.0/stem/conv/Conv',
  );
});

test('the filter narrows the list to names, op types and reasons', async ({ page }) => {
  await openApp(page);
  const panel = panelOf(page);
  const rows = pairRows(panel);
  await expect(rows).toHaveCount(8);
  const filter = panel.getByRole('searchbox', { name: 'Filter candidates' });

  await filter.fill('layer2');
  await expect(rows).toHaveCount(3);
  const titles = await rows.locator('.cand-name').evaluateAll((els) => els.map((e) => e.getAttribute('title')));
  for (const title of titles) expect(title).toContain('/layer2/');
  await filter.fill('LAYER2 downsample');
  await expect(rows).toHaveCount(1);

  await filter.fill('output_shared');
  await expect(rows).toHaveCount(1);
  await expect(panel).toContainText('1 of 8 match');

  await filter.fill('no such node');
  await expect(rows).toHaveCount(0);
  await expect(panel).toContainText('No pair matches “no such node”.');
  await filter.fill('');
  await expect(rows).toHaveCount(8);

  // Another model starts unfiltered.
  await filter.fill('layer2');
  await pickFiles(page, [{ name: 'one.onnx', bytes: encodeModel(buildConvBn()) }]);
  await expect(page.getByRole('status')).toHaveText('1 fusible · 0 blocked · 0 fused');
  await expect(filter).toHaveValue('');
  await expect(rows).toHaveCount(1);
});

test('fused pairs stay in a "Fused" section that says what was folded into what, and when', async ({ page }) => {
  await openApp(page);
  const panel = panelOf(page);
  await page.getByRole('button', { name: 'Fuse all' }).click();
  await expect(page.getByRole('status')).toHaveText('0 fusible · 1 blocked · 7 fused');
  const fusedGroup = panel.getByRole('button', { name: /^Fused/ });
  await expect(fusedGroup).toHaveAttribute('aria-expanded', 'true');
  await expect(fusedGroup).toContainText('7');
  const stem = panel.getByRole('button', { name: '/stem/conv/Conv', exact: true });
  await expect(stem).toBeVisible();
  await expect(stem).toHaveAttribute(
    'title',
    /^BatchNormalization \/stem\/bn\/BatchNormalization → Conv \/stem\/conv\/Conv \(fused at step 1\)/,
  );
  await expect(stem.locator('xpath=following-sibling::span[1]')).toHaveText('← BN · step 1');
  // The kept node is still there: clicking the row inspects it.
  await stem.click();
  await expect(page.getByRole('region', { name: 'Node inspector' })).toContainText('/stem/conv/Conv');

  await fusedGroup.click();
  await expect(fusedGroup).toHaveAttribute('aria-expanded', 'false');
  await expect(stem).toHaveCount(0);

  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('status')).toHaveText('7 fusible · 1 blocked · 0 fused');
  await expect(panel.getByRole('button', { name: /^Fused/ })).toHaveCount(0);
});

test('a model without pairs says so, not that none are "left"', async ({ page }) => {
  await openApp(page);
  const b = new ModelBuilder({ graphName: 'relu' });
  b.output(b.op('Relu', [b.input('x', 'float32', [1, 4])], { name: 'relu' }), 'float32');
  await pickFiles(page, [{ name: 'relu.onnx', bytes: encodeModel(b.build()) }]);
  await expect(page.getByRole('status')).toHaveText('0 fusible · 0 blocked · 0 fused');
  await expect(panelOf(page)).toContainText('No Conv→BatchNormalization pairs in this model.');
  await expect(panelOf(page)).not.toContainText('left');
});

test('the 10,000-node model lists its 2,500 pairs with a bounded number of rows in the DOM', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  await openApp(page);
  await pickFiles(page, [{ name: 'chain-10k.onnx', bytes: encodeModel(buildLargeChain(10_000)) }]);
  await expect(page.getByRole('status')).toHaveText('2500 fusible · 0 blocked · 0 fused', { timeout: 60_000 });
  const panel = panelOf(page);
  const items = panel.getByRole('listitem');
  await expect(items.first()).toBeVisible();
  const bound = 50;
  expect(await items.count()).toBeLessThanOrEqual(bound);
  await expect(panel.getByRole('button', { name: /^Fusible/ })).toContainText('2500');

  // Scrolled to the end, the last pair is there, and still only a window of rows.
  const viewport = panel.getByRole('list', { name: 'Candidate pairs' });
  await viewport.evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect(panel.getByRole('button', { name: '/stage24/block2499/conv/Conv' })).toBeVisible();
  expect(await items.count()).toBeLessThanOrEqual(bound);

  // By scope: 25 stages of 100, closed.
  await panel.getByRole('button', { name: 'Scope' }).click();
  await expect(items.first()).toHaveAttribute('aria-setsize', '25');
  await expect(panel.getByRole('button', { name: /^stage3\b/ })).toContainText('100 fusible');
  expect(await pairRows(panel).count()).toBe(0);
  await viewport.evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect(panel.getByRole('button', { name: /^stage24\b/ })).toBeVisible();

  // Fuse a few, open a stage: its fused and fusible pairs, counted.
  await panel.getByRole('button', { name: 'Kind' }).click();
  await viewport.evaluate((el) => el.scrollTo(0, 0));
  for (let i = 0; i < 3; i++) {
    await panel
      .getByRole('button', { name: /^Fuse conv-bn:/ })
      .first()
      .click();
    await expect(page.getByRole('status')).toHaveText(`${2499 - i} fusible · 0 blocked · ${i + 1} fused`, {
      timeout: 30_000,
    });
  }
  await panel.getByRole('button', { name: 'Scope' }).click();
  const stage0 = panel.getByRole('button', { name: /^stage0\b/ });
  await expect(stage0).toContainText('97 fusible · 3 fused');
  await stage0.click();
  await expect(pairRows(panel).first()).toBeVisible();
  expect(await items.count()).toBeLessThanOrEqual(bound);

  await page.screenshot({ path: docsScreenshot(testInfo, 'candidate-list-10k.png') });

  await panel.getByRole('searchbox', { name: 'Filter candidates' }).fill('block1234');
  await expect(pairRows(panel)).toHaveCount(1);
  await expect(panel.getByRole('button', { name: '/stage12/block1234/conv/Conv' })).toBeVisible();
});
