import { readFile } from 'node:fs/promises';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { buildEditableClassifier } from '../src/fixtures/edit-models.ts';
import { manyDims } from '../src/fixtures/hostile-wire.ts';
import { DataType, encodeModel } from '../src/onnx/index.ts';
import { encodeNpy, parseNpy } from '../src/onnx/npy.ts';
import { docsScreenshot, openApp, pickFiles } from './helpers.ts';

test.use({ viewport: { width: 1440, height: 900 } });

/** React Flow's wrapper of a drawn node, by node id (the node name for named nodes). */
const flowNode = (page: Page, id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);
const opNodes = (page: Page) => page.locator('.react-flow__node-op');

async function openClassifier(page: Page): Promise<void> {
  await openApp(page);
  await pickFiles(page, [{ name: 'classifier.onnx', bytes: encodeModel(buildEditableClassifier()) }]);
  await expect(page.getByRole('region', { name: 'Model summary' }).getByRole('heading', { level: 2 })).toHaveText(
    'classifier.onnx',
  );
  await expect(opNodes(page)).toHaveCount(6);
}

/** The canvas viewport's transform, read from React Flow's viewport element. */
async function viewportOf(page: Page): Promise<string> {
  return page.locator('.react-flow__viewport').evaluate((el) => (el as HTMLElement).style.transform);
}

const ioPanel = (page: Page) => page.getByRole('region', { name: 'Inputs and outputs' });
const ioItem = (page: Page, name: string) => ioPanel(page).getByRole('listitem', { name, exact: true });
const history = (page: Page) => page.getByRole('region', { name: 'Edit history' });
const historyRows = (page: Page) => history(page).getByRole('listitem');
const inspector = (page: Page) => page.getByRole('region', { name: 'Node inspector' });

async function expectOutputs(page: Page, names: string[]): Promise<void> {
  const outputs = ioPanel(page).getByRole('list').nth(1).getByRole('listitem');
  await expect(outputs).toHaveCount(names.length);
  for (const name of names) await expect(ioItem(page, name)).toBeVisible();
}

async function inspect(page: Page, id: string): Promise<Locator> {
  await flowNode(page, id).click();
  await expect(inspector(page).locator('.inspector-name')).toHaveText(id);
  return inspector(page);
}

test('edits in the page: input shape, rename, make output, delete with downstream, attribute, history', async ({
  page,
}, testInfo) => {
  await openClassifier(page);
  const place = await viewportOf(page);
  await expect(historyRows(page)).toHaveCount(1);

  // The batch dim becomes symbolic; the input's type says so and the history gains the step.
  const image = ioItem(page, 'image');
  await image.getByRole('group', { name: 'Input shape' }).getByRole('textbox', { name: 'Dim 1' }).fill('N');
  await image.getByRole('button', { name: 'Set shape' }).click();
  await expect(ioItem(page, 'image')).toContainText('float32[N,3,8,8]');
  await expect(historyRows(page)).toHaveCount(2);
  expect(await viewportOf(page)).toBe(place);

  // Rename the input: the panel and the graph's input node carry the new name, marked as changed.
  const rename = ioItem(page, 'image').getByRole('textbox', { name: 'Rename' });
  await rename.fill('pixels');
  await rename.press('Enter');
  await expect(ioItem(page, 'pixels')).toBeVisible();
  await expect(ioItem(page, 'image')).toHaveCount(0);
  await expect(flowNode(page, 'input:pixels')).toHaveClass(/\bis-changed\b/);
  await expect(historyRows(page)).toHaveCount(3);

  // Make the flattened features an output.
  const flatten = await inspect(page, 'flatten');
  await flatten.getByRole('button', { name: 'Make output' }).click();
  await expectOutputs(page, ['probs', 'features']);
  await expect(flowNode(page, 'output:features')).toBeVisible();
  await expect(historyRows(page)).toHaveCount(4);
  // Again: nothing to add, and the page says so instead of doing nothing.
  await flatten.getByRole('button', { name: 'Make output' }).click();
  await expect(page.getByTestId('save-notice')).toHaveText(/"features" is a graph output already\./);
  await expect(historyRows(page)).toHaveCount(4);

  // Delete the classifier and what depends on it from the node's context menu.
  await flowNode(page, 'classifier').click({ button: 'right' });
  await page
    .getByRole('menu', { name: 'Node edits' })
    .getByRole('menuitem', { name: 'Delete with downstream' })
    .click();
  await expect(flowNode(page, 'classifier')).toHaveCount(0);
  await expect(flowNode(page, 'probs')).toHaveCount(0);
  await expect(opNodes(page)).toHaveCount(4);
  await expectOutputs(page, ['features']);
  await expect(historyRows(page)).toHaveCount(5);
  expect(await viewportOf(page)).toBe(place);
  // The node that fed the deleted ones is marked as changed; the earlier mark is gone.
  await expect(flowNode(page, 'flatten')).toHaveClass(/\bis-changed\b/);
  await expect(flowNode(page, 'input:pixels')).not.toHaveClass(/\bis-changed\b/);
  await page.screenshot({ path: docsScreenshot(testInfo, 'edit-page.png') });

  // Edit an attribute in place: bad text is refused where it was typed, a number is set.
  const act = await inspect(page, 'act');
  const alpha = act.getByRole('textbox', { name: 'Attribute alpha' });
  await alpha.fill('abc');
  await alpha.press('Enter');
  await expect(act.getByRole('alert')).toHaveText('alpha takes a number, not "abc".');
  await expect(historyRows(page)).toHaveCount(5);
  await alpha.fill('0.25');
  await alpha.press('Enter');
  await expect(historyRows(page)).toHaveCount(6);
  await expect(flowNode(page, 'act')).toHaveClass(/\bis-changed\b/);
  await expect(inspector(page).getByRole('textbox', { name: 'Attribute alpha' })).toHaveValue('0.25');

  // Every step is listed with its line; clicking one shows the model as it was then.
  const steps = history(page).getByRole('button');
  await steps.nth(2).click();
  await expect(steps.nth(2)).toHaveAttribute('aria-current', 'step');
  await expect(opNodes(page)).toHaveCount(6);
  await expectOutputs(page, ['probs']);
  await expect(ioItem(page, 'pixels')).toBeVisible();
  await expect(historyRows(page)).toHaveCount(6);
  await steps.nth(5).click();
  await expect(steps.nth(5)).toHaveAttribute('aria-current', 'step');
  await expect(opNodes(page)).toHaveCount(4);
  await expect(
    inspect(page, 'act').then((i) => i.getByRole('textbox', { name: 'Attribute alpha' })),
  ).resolves.toHaveValue('0.25');

  // Ctrl+Z and Ctrl+Shift+Z move through the same list.
  await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
  await page.keyboard.press('Control+z');
  await expect(steps.nth(4)).toHaveAttribute('aria-current', 'step');
  await page.keyboard.press('Control+Shift+z');
  await expect(steps.nth(5)).toHaveAttribute('aria-current', 'step');
});

test('a refused delete says why in an alert and changes nothing', async ({ page }) => {
  await openClassifier(page);
  const act = await inspect(page, 'act');
  await act.getByRole('button', { name: 'Delete node' }).click();
  await expect(page.getByRole('alert')).toContainText('pool');
  await expect(opNodes(page)).toHaveCount(6);
  await expect(flowNode(page, 'act')).toBeVisible();
  await expect(historyRows(page)).toHaveCount(1);
  await expectOutputs(page, ['probs']);
});

test('several nodes: shift-click, box select and extract the selection', async ({ page }) => {
  await openClassifier(page);
  await flowNode(page, 'stem').click();
  await flowNode(page, 'act').click({ modifiers: ['Shift'] });
  await expect(page.locator('.react-flow__node.selected')).toHaveCount(2);
  await expect(inspector(page)).toContainText('2 nodes selected');

  // Shift+drag draws a box: it selects what it covers.
  await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
  await expect(page.locator('.react-flow__node.selected')).toHaveCount(0);
  const a = await flowNode(page, 'pool').boundingBox();
  const b = await flowNode(page, 'flatten').boundingBox();
  if (!a || !b) throw new Error('nodes not drawn');
  await page.keyboard.down('Shift');
  await page.mouse.move(Math.min(a.x, b.x) - 30, a.y - 20);
  await page.mouse.down();
  await page.mouse.move(Math.max(a.x + a.width, b.x + b.width) + 30, b.y + b.height + 20, { steps: 8 });
  await page.mouse.up();
  await page.keyboard.up('Shift');
  await expect(page.locator('.react-flow__node.selected')).toHaveCount(2);
  await expect(flowNode(page, 'pool')).toHaveClass(/\bselected\b/);
  await expect(flowNode(page, 'flatten')).toHaveClass(/\bselected\b/);

  // Extract: the values entering (act_out) and leaving (features) the box become the model's ends.
  await inspector(page).getByRole('button', { name: 'Extract selection' }).click();
  await expect(opNodes(page)).toHaveCount(2);
  await expect(ioItem(page, 'act_out')).toBeVisible();
  await expectOutputs(page, ['features']);
  await expect(historyRows(page)).toHaveCount(2);
});

test('initializers: save as .npy, replace from .npy, and a file of the wrong shape is refused', async ({ page }) => {
  await openClassifier(page);
  const stem = await inspect(page, 'stem');
  const bias = stem.getByRole('listitem').filter({ hasText: 'stem.bias' });

  // Saved as np.save writes it: the header names the dtype and shape, the data is the bias.
  const saving = page.waitForEvent('download');
  await bias.getByRole('button', { name: 'Save as .npy' }).click();
  const download = await saving;
  expect(download.suggestedFilename()).toBe('stem.bias.npy');
  const saved = parseNpy(new Uint8Array(await readFile((await download.path()) as string)));
  expect(saved.dims).toEqual([4]);
  expect([...new Float32Array(saved.data.slice().buffer)]).toEqual([...new Float32Array([0.1, -0.1, 0.2, 0])]);

  // Replaced from a file: one history step, and the inspector shows the new values.
  const values = new Float32Array([1, 2, 3, 4]);
  await bias.getByLabel('Replace from .npy…').setInputFiles({
    name: 'bias.npy',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from(encodeNpy({ dataType: DataType.FLOAT, dims: [4], data: new Uint8Array(values.buffer) })),
  });
  await expect(historyRows(page)).toHaveCount(2);
  await expect(inspector(page).getByRole('listitem').filter({ hasText: 'stem.bias' })).toContainText(
    'min 1.0000 max 4.0000',
  );

  // Five values for a bias of four: refused with the reason, the model stays.
  const wrong = new Float32Array([1, 2, 3, 4, 5]);
  await inspector(page)
    .getByRole('listitem')
    .filter({ hasText: 'stem.bias' })
    .getByLabel('Replace from .npy…')
    .setInputFiles({
      name: 'wrong.npy',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from(encodeNpy({ dataType: DataType.FLOAT, dims: [5], data: new Uint8Array(wrong.buffer) })),
    });
  await expect(page.getByRole('alert')).toContainText('stem.bias');
  await expect(historyRows(page)).toHaveCount(2);
  await expect(inspector(page).getByRole('listitem').filter({ hasText: 'stem.bias' })).toContainText(
    'min 1.0000 max 4.0000',
  );
});

test('an input of rank past 64 is said, not drawn as a field per dim', async ({ page }) => {
  await openApp(page);
  await pickFiles(page, [{ name: 'rank-100.onnx', bytes: manyDims(100) }]);
  const x = ioItem(page, 'x');
  await expect(x).toContainText('Rank 100: past 64 dims, the shape is not edited here.');
  await expect(x.getByRole('textbox', { name: 'Dim 1' })).toHaveCount(0);
  await expect(x.getByRole('textbox', { name: 'Rename' })).toHaveValue('x');
});
