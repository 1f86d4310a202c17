import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Download, expect, type Page, test } from '@playwright/test';
import { formatRecipe } from '../src/edit/recipe.ts';
import type { EditOp } from '../src/edit/types.ts';
import { buildEditableClassifier } from '../src/fixtures/edit-models.ts';
import { buildConvBn } from '../src/fixtures/models.ts';
import { DataType, encodeModel } from '../src/onnx/index.ts';
import { encodeNpy } from '../src/onnx/npy.ts';
import { cli } from '../test/helpers/cli.ts';
import { openApp, pickFiles } from './helpers.ts';

/**
 * Issue 15's proof that the page and the CLI are one pipeline: edits made in the page (buttons,
 * recipes applied, undo and redo) exported with "Export recipe", applied by `bnfold edit
 * --recipe` from the sources, give the same bytes as the page's "Download".
 */

const BIAS = encodeNpy({
  dataType: DataType.FLOAT,
  dims: [4],
  data: new Uint8Array(Float32Array.from([1, 0, -1, 2]).buffer),
});

/** Picks files through the "Apply recipe…" control. */
async function applyRecipe(page: Page, files: { name: string; bytes: Uint8Array }[]): Promise<void> {
  await page
    .getByLabel('Apply recipe…')
    .setInputFiles(
      files.map((f) => ({ name: f.name, mimeType: 'application/octet-stream', buffer: Buffer.from(f.bytes) })),
    );
}

const recipeFile = (name: string, steps: EditOp[]) => ({ name, bytes: new TextEncoder().encode(formatRecipe(steps)) });

/** Clicks a control and collects the `count` downloads it starts. */
async function downloadsOf(page: Page, count: number, click: () => Promise<void>): Promise<Download[]> {
  const downloads: Download[] = [];
  const collect = (d: Download) => downloads.push(d);
  page.on('download', collect);
  await click();
  await expect.poll(() => downloads.length).toBe(count);
  page.off('download', collect);
  return downloads;
}

async function bytesOf(download: Download): Promise<Uint8Array> {
  return new Uint8Array(await readFile(await download.path()));
}

/** Saves the exported recipe and its files in a fresh folder, runs the CLI on `model`, returns its output's bytes. */
async function cliOutput(
  model: Uint8Array,
  exported: Download[],
  dirs: string[],
): Promise<{ bytes: Uint8Array; stdout: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'bnfold-e2e-recipe-'));
  dirs.push(dir);
  await writeFile(join(dir, 'model.onnx'), model);
  await mkdir(join(dir, 'recipe'));
  let recipe = '';
  for (const d of exported) {
    await writeFile(join(dir, 'recipe', d.suggestedFilename()), await bytesOf(d));
    if (d.suggestedFilename().endsWith('.recipe.json')) recipe = join(dir, 'recipe', d.suggestedFilename());
  }
  const run = await cli('edit', join(dir, 'model.onnx'), '--recipe', recipe, '-o', join(dir, 'out.onnx'));
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return { bytes: new Uint8Array(await readFile(join(dir, 'out.onnx'))), stdout: run.stdout };
}

const dirs: string[] = [];
test.afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

test('edits in the page, exported as a recipe and applied by bnfold edit, give the page download’s bytes', async ({
  page,
}) => {
  const model = encodeModel(buildEditableClassifier());
  await openApp(page);
  await pickFiles(page, [{ name: 'classifier.onnx', bytes: model }]);
  await expect(page.getByRole('heading', { name: 'classifier.onnx' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Export recipe' })).toBeDisabled();

  // A recipe with a weight from a .npy file in a folder of its own: the page takes the file by its name.
  await applyRecipe(page, [
    recipeFile('first.json', [
      { op: 'set-input-shape', input: 'image', dims: ['batch', 3, 8, 8] },
      { op: 'rename', value: 'image', to: 'pixels' },
      { op: 'set-initializer', name: 'stem.bias', npy: 'weights/bias.npy' },
      { op: 'set-attribute', node: 'act', name: 'alpha', value: 0.2 },
    ]),
    { name: 'bias.npy', bytes: BIAS },
  ]);
  await expect(page.getByRole('button', { name: 'Undo' })).toBeEnabled();
  // Undo the attribute, then a second recipe replaces it in the history (the redo branch goes).
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('button', { name: 'Redo' })).toBeEnabled();
  await applyRecipe(page, [
    recipeFile('second.json', [
      { op: 'add-output', value: 'features' },
      { op: 'delete-node', node: 'probs' },
    ]),
  ]);
  await expect(page.getByRole('button', { name: 'Redo' })).toBeDisabled();

  // A refused recipe: its sentence in role=alert, and the model and history stay as they were.
  const before = await downloadsOf(page, 1, () => page.getByRole('button', { name: 'Download' }).click());
  await applyRecipe(page, [recipeFile('bad.json', [{ op: 'remove-output', value: 'features' }])]);
  await expect(page.getByRole('alert')).toContainText(
    'step 1 (remove-output): "features" is the model\'s only output; removing it would leave the model without outputs.',
  );
  const [download] = await downloadsOf(page, 1, () => page.getByRole('button', { name: 'Download' }).click());
  if (!download || !before[0]) throw new Error('no download');
  expect(download.suggestedFilename()).toBe('classifier.edited.onnx');
  const pageBytes = await bytesOf(download);
  expect(pageBytes).toEqual(await bytesOf(before[0]));

  const exported = await downloadsOf(page, 2, () => page.getByRole('button', { name: 'Export recipe' }).click());
  expect(exported.map((d) => d.suggestedFilename()).sort()).toEqual(['bias.npy', 'classifier.recipe.json']);
  const recipe = JSON.parse(
    new TextDecoder().decode(
      await bytesOf(exported.find((d) => d.suggestedFilename() === 'classifier.recipe.json') as Download),
    ),
  );
  expect(recipe).toEqual({
    bnfold: 1,
    steps: [
      { op: 'set-input-shape', input: 'image', dims: ['batch', 3, 8, 8] },
      { op: 'rename', value: 'image', to: 'pixels' },
      { op: 'set-initializer', name: 'stem.bias', npy: 'bias.npy' },
      { op: 'add-output', value: 'features' },
      { op: 'delete-node', node: 'probs' },
    ],
  });
  const fromCli = await cliOutput(model, exported, dirs);
  expect(fromCli.stdout).toContain('5. Deleted node "probs" (Softmax); output "probs" dropped');
  expect(fromCli.bytes).toEqual(pageBytes);
});

test('Fuse all in the page and a recipe after it: the CLI replays the fusion by its ids, byte for byte', async ({
  page,
}) => {
  const model = encodeModel(buildConvBn({ seed: 5 }));
  await openApp(page);
  await pickFiles(page, [{ name: 'convbn.onnx', bytes: model }]);
  await expect(page.getByRole('status')).toHaveText('1 fusible · 0 blocked · 0 fused');
  await page.getByRole('button', { name: 'Fuse all' }).click();
  await expect(page.getByRole('status')).toHaveText('0 fusible · 0 blocked · 1 fused');
  await applyRecipe(page, [recipeFile('r.json', [{ op: 'rename', value: 'x', to: 'image' }])]);
  await expect(page.getByRole('button', { name: 'Export recipe' })).toBeEnabled();
  const [download] = await downloadsOf(page, 1, () => page.getByRole('button', { name: 'Download' }).click());
  if (!download) throw new Error('no download');
  const exported = await downloadsOf(page, 1, () => page.getByRole('button', { name: 'Export recipe' }).click());
  const recipe = JSON.parse(new TextDecoder().decode(await bytesOf(exported[0] as Download)));
  expect(recipe.steps.map((s: EditOp) => s.op)).toEqual(['fuse', 'rename']);
  const fromCli = await cliOutput(model, exported, dirs);
  expect(fromCli.bytes).toEqual(await bytesOf(download));
});

/** Makes the model worker die instead of posting its next snapshot (as faults.spec.ts does). */
async function crashOnNextSnapshot(page: Page): Promise<void> {
  const worker = page.workers().find((w) => w.url().includes('model.worker'));
  if (!worker) throw new Error('no model worker');
  await worker.evaluate(() => {
    const scope = self as unknown as { postMessage: (m: { kind: string }, t?: Transferable[]) => void };
    const post = scope.postMessage.bind(scope);
    scope.postMessage = (m, t) => {
      if (m.kind !== 'snapshot') {
        post(m, t ?? []);
        return;
      }
      setTimeout(() => {
        throw new Error('simulated out of memory');
      }, 0);
    };
  });
}

test('a restarted worker replays the edits with the .npy files the page kept: the same download', async ({ page }) => {
  await openApp(page);
  await pickFiles(page, [{ name: 'classifier.onnx', bytes: encodeModel(buildEditableClassifier()) }]);
  await expect(page.getByRole('heading', { name: 'classifier.onnx' })).toBeVisible();
  await applyRecipe(page, [
    recipeFile('r.json', [
      { op: 'set-initializer', name: 'stem.bias', npy: 'bias.npy' },
      { op: 'rename', value: 'act_out', to: 'activation' },
    ]),
    { name: 'bias.npy', bytes: BIAS },
  ]);
  await expect(page.getByRole('button', { name: 'Undo' })).toBeEnabled();
  const [before] = await downloadsOf(page, 1, () => page.getByRole('button', { name: 'Download' }).click());
  await crashOnNextSnapshot(page);
  await page.getByRole('button', { name: 'Tidy layout' }).click();
  await expect(page.getByRole('alert')).toContainText('The model worker stopped');
  // The replay was sent to the new worker when the old one died: the download is answered after it.
  const [after] = await downloadsOf(page, 1, () => page.getByRole('button', { name: 'Download' }).click());
  if (!before || !after) throw new Error('no download');
  expect(await bytesOf(after)).toEqual(await bytesOf(before));
});
