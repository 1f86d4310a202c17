import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { buildConvBn, buildResNetLike } from '../src/fixtures/models.ts';
import { decodeModel, encodeModel, requiredSideFiles, writeExternalBytes } from '../src/onnx/index.ts';
import { judge, judgeOnDisk } from '../test/helpers/judge.ts';
import { acceptNextDialog, openApp, pickFiles, SAMPLE_COUNTS } from './helpers.ts';

/**
 * The folder picker cannot be driven headless, so it is replaced by one that hands out a real
 * folder of the origin private file system (a FileSystemDirectoryHandle like any other): the
 * worker writes through the same API either way. `mode` lets a test cancel the picker, or pick
 * a folder that is deleted before anything is written.
 */
async function installFolderPicker(page: Page, mode: 'pick' | 'cancel' | 'vanish' = 'pick'): Promise<void> {
  await page.addInitScript((how) => {
    (window as unknown as { showDirectoryPicker: () => Promise<FileSystemDirectoryHandle> }).showDirectoryPicker =
      async () => {
        if (how === 'cancel') throw new DOMException('The user aborted a request.', 'AbortError');
        const root = await navigator.storage.getDirectory();
        const folder = await root.getDirectoryHandle('picked', { create: true });
        if (how === 'vanish') await root.removeEntry('picked', { recursive: true });
        return folder;
      };
  }, mode);
}

/** The files in the picked folder, read back in the page. */
async function folderFiles(page: Page): Promise<Map<string, Uint8Array>> {
  const files = await page.evaluate(async () => {
    const root = await navigator.storage.getDirectory();
    const folder = await root.getDirectoryHandle('picked');
    const out: [string, number[]][] = [];
    for await (const [name, handle] of folder as unknown as AsyncIterable<[string, FileSystemHandle]>) {
      if (handle.kind === 'file') {
        const file = await (handle as FileSystemFileHandle).getFile();
        out.push([name, Array.from(new Uint8Array(await file.arrayBuffer()))]);
      }
    }
    return out;
  });
  return new Map(files.map(([name, bytes]) => [name, new Uint8Array(bytes)]));
}

const dir = mkdtempSync(join(tmpdir(), 'bnfold-folder-'));
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('“Save to folder…” writes the fused model, which onnxruntime loads and agrees with; saving again replaces it', async ({
  page,
}) => {
  await installFolderPicker(page);
  await openApp(page);
  await page.getByRole('button', { name: 'Fuse all' }).click();
  await expect(page.getByRole('status')).toHaveText('0 fusible · 1 blocked · 7 fused');
  await page.getByRole('button', { name: 'Save to folder…' }).click();
  const notice = page.getByTestId('save-notice');
  await expect(notice).toContainText('Saved to “picked”: sample.fused.onnx (');
  await expect(notice).not.toContainText('Replaced');

  const files = await folderFiles(page);
  expect([...files.keys()]).toEqual(['sample.fused.onnx']);
  writeFileSync(join(dir, 'sample.fused.onnx'), files.get('sample.fused.onnx') as Uint8Array);
  const diffs = await judgeOnDisk(encodeModel(buildResNetLike()), join(dir, 'sample.fused.onnx'), {
    atol: 1e-4,
    rtol: 1e-3,
  });
  for (const [name, diff] of Object.entries(diffs)) expect({ name, pass: diff.pass }).toEqual({ name, pass: true });

  // Another changed state saves under the same name, over the earlier file.
  await page.getByRole('button', { name: 'Undo' }).click();
  await page.locator('.edge-fuse').first().click();
  await expect(page.getByRole('status')).toHaveText('6 fusible · 1 blocked · 1 fused');
  await page.getByRole('button', { name: 'Save to folder…' }).click();
  await expect(notice).toContainText('Replaced the earlier sample.fused.onnx.');
  // Opening another model clears a notice that would now seem to be about it.
  await pickFiles(page, [{ name: 'other.onnx', bytes: encodeModel(buildConvBn()) }]);
  await expect(page.getByRole('heading', { name: 'other.onnx' })).toBeVisible();
  await expect(notice).toHaveText('');
});

test('a model opened without one of its side files saves with the side files it needs, under their names', async ({
  page,
}) => {
  // Weights alternate between two side files, and only one is opened: pairs whose weights are all
  // in it fuse, the others are blocked, and the saved model still needs both files.
  const model = buildResNetLike();
  const sideFiles = new Map<string, Uint8Array>();
  const large = (model.graph?.initializer ?? []).filter((t) => (t.rawData?.length ?? 0) >= 256);
  large.forEach((t, i) => {
    const location = i % 2 === 0 ? 'net.a.data' : 'net.b.data';
    writeExternalBytes(t, t.rawData as Uint8Array, sideFiles, location);
  });
  const original = encodeModel(model);
  await installFolderPicker(page);
  await openApp(page);
  await pickFiles(page, [
    { name: 'net.onnx', bytes: original },
    { name: 'net.a.data', bytes: sideFiles.get('net.a.data') as Uint8Array },
  ]);
  await expect(page.getByRole('heading', { name: 'net.onnx' })).toBeVisible();
  await page.getByRole('button', { name: 'Fuse all' }).click();
  await expect(page.getByRole('status')).toContainText(/[1-9]\d* fused/);
  await page.getByRole('button', { name: 'Save to folder…' }).click();
  await expect(page.getByTestId('save-notice')).toContainText('Saved to “picked”: net.fused.onnx (');
  await expect(page.getByTestId('save-notice')).toContainText(
    'The model also reads net.b.data, which was not opened with it: keep a copy in “picked”.',
  );

  const files = await folderFiles(page);
  // The model, the side file it was opened with, and the fused weights (written beside it); the
  // model still reads the one that was not opened.
  expect([...files.keys()].sort()).toEqual(['net.a.data', 'net.a.fused-1.data', 'net.fused.onnx']);
  const needed = requiredSideFiles(decodeModel(files.get('net.fused.onnx') as Uint8Array));
  expect(needed.sort()).toEqual(['net.a.data', 'net.a.fused-1.data', 'net.b.data']);
  expect(files.get('net.a.data')).toEqual(sideFiles.get('net.a.data'));
  const saved = mkdtempSync(join(dir, 'two-'));
  for (const [name, bytes] of files) writeFileSync(join(saved, name), bytes);
  // The side file that was not opened is still where the user keeps it.
  writeFileSync(join(saved, 'net.b.data'), sideFiles.get('net.b.data') as Uint8Array);
  // Judged against the same network with its weights inside (the builder is deterministic).
  const reference = encodeModel(buildResNetLike());
  const diffs = await judgeOnDisk(reference, join(saved, 'net.fused.onnx'), { atol: 1e-4, rtol: 1e-3 });
  expect(Object.keys(diffs).length).toBeGreaterThan(0);
  for (const [name, diff] of Object.entries(diffs)) expect({ name, pass: diff.pass }).toEqual({ name, pass: true });

  // "Download" gives the same files, one download each, and says to keep them together.
  const downloads: string[] = [];
  page.on('download', (d) => downloads.push(d.suggestedFilename()));
  await page.getByRole('button', { name: 'Download' }).click();
  await expect(page.getByTestId('save-notice')).toContainText('Downloaded as 3 files: net.fused.onnx (');
  await expect(page.getByTestId('save-notice')).toContainText('Keep them in one folder under these names');
  await expect(page.getByTestId('save-notice')).toContainText('The model also reads net.b.data');
  await expect.poll(() => downloads.sort()).toEqual(['net.a.data', 'net.a.fused-1.data', 'net.fused.onnx']);
});

test('closing the picker does nothing; a folder deleted before the write is reported and the model stays', async ({
  page,
}) => {
  await installFolderPicker(page, 'cancel');
  await openApp(page);
  await page.getByRole('button', { name: 'Fuse all' }).click();
  await expect(page.getByRole('status')).toHaveText('0 fusible · 1 blocked · 7 fused');
  await page.getByRole('button', { name: 'Save to folder…' }).click();
  await expect(page.getByRole('button', { name: 'Save to folder…' })).toBeEnabled();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByTestId('save-notice')).toHaveText('');

  await installFolderPicker(page, 'vanish');
  // The fusions were never saved, so leaving asks first.
  acceptNextDialog(page);
  await page.reload();
  await expect(page.getByRole('status')).toHaveText('7 fusible · 1 blocked · 0 fused');
  await page.getByRole('button', { name: 'Fuse all' }).click();
  await page.getByRole('button', { name: 'Save to folder…' }).click();
  await expect(page.getByRole('alert')).toContainText(
    'sample.fused.onnx could not be written: the folder “picked” was moved or deleted.',
  );
  await expect(page.getByRole('status')).toHaveText('0 fusible · 1 blocked · 7 fused');
  await expect(page.getByRole('button', { name: 'Undo' })).toBeEnabled();
});

test('“Download” hands the browser files staged on disk, not a copy in memory; the next download clears them', async ({
  page,
}) => {
  const staged = () =>
    page.evaluate(async () => {
      const root = await navigator.storage.getDirectory();
      const staging = await root.getDirectoryHandle('staged-downloads');
      const out: string[] = [];
      for await (const [name, folder] of staging as unknown as AsyncIterable<[string, FileSystemDirectoryHandle]>) {
        for await (const file of (folder as unknown as { keys(): AsyncIterable<string> }).keys()) {
          out.push(`${name}/${file}`);
        }
      }
      return out;
    });
  await openApp(page);
  await page.getByRole('button', { name: 'Fuse all' }).click();
  await expect(page.getByRole('status')).toHaveText('0 fusible · 1 blocked · 7 fused');
  const download = async () => {
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download' }).click(),
    ]);
    return new Uint8Array(readFileSync(await file.path()));
  };
  const first = await download();
  const once = await staged();
  expect(once).toHaveLength(1);
  expect(once[0]).toMatch(/^\d+-\w+\/sample\.fused\.onnx$/);
  const diffs = await judge(buildResNetLike(), decodeModel(first), { atol: 1e-4, rtol: 1e-3 });
  for (const [name, diff] of Object.entries(diffs)) expect({ name, pass: diff.pass }).toEqual({ name, pass: true });

  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('status')).toHaveText(SAMPLE_COUNTS);
  const second = await download();
  const twice = await staged();
  expect(twice).toHaveLength(1);
  expect(twice[0]).not.toBe(once[0]);
  expect(second).not.toEqual(first);
});
