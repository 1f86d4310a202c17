/**
 * Weights at scale, in headless Chromium against the production build:
 * 1. a single-file model near protobuf's 2 GB limit: peak memory of the tab's process while it
 *    loads (the target is at most 2.5× the file), then while fusing, saving to a folder and
 *    downloading; both saved copies are judged by onnxruntime-node against the original.
 * 2. a model past 2 GB with its weights in a side file: opened with the side file, fused and saved
 *    as a model plus data files, which onnxruntime-node loads and judges the same way.
 * Peak memory is the kernel's high-water mark (VmHWM) of each Chromium process, so no spike
 * between samples is missed; it is reset before each way of saving.
 */
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Download, Page } from '@playwright/test';
import { chromium } from '@playwright/test';
import * as ort from 'onnxruntime-node';
import { chromiumArgs, chromiumPath } from '../e2e/chromium.ts';
import { buildWeightHeavy } from '../src/fixtures/models.ts';
import { encodeModel, moveToSideFile, partsSize } from '../src/onnx/index.ts';
import type { ModelProto } from '../src/onnx/types.ts';
import { startPreview } from './preview.ts';

const PORT = 4394;
const dir = join(tmpdir(), 'bnfold-huge');
const MB = 1024 * 1024;
/**
 * A regular (persistent) profile, as users have: an incognito-like context keeps Blobs in memory
 * only and cancels downloads once they pass about 2 GB in all.
 */
const profile = mkdtempSync(join(tmpdir(), 'bnfold-profile-'));

interface Memory {
  renderer: number;
  browser: number;
}

/**
 * High-water marks (bytes) of this run's Chromium processes, found by their user-data dir: the
 * largest renderer (the tab, with its workers) and the browser process.
 */
function highWater(): Memory {
  let renderer = 0;
  let browser = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmdline.includes(profile)) continue;
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const hwm = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
      if (cmdline.includes('--type=renderer')) renderer = Math.max(renderer, hwm);
      else if (!cmdline.includes('--type=')) browser = Math.max(browser, hwm);
    } catch {
      // the process ended
    }
  }
  return { renderer, browser };
}

/**
 * Starts the high-water marks again from the current resident size (Linux: "5" in clear_refs),
 * so that each way of saving is measured on its own rather than under the peak of the one before.
 */
function resetHighWater(): void {
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(profile)) writeFileSync(`/proc/${pid}/clear_refs`, '5');
    } catch {
      // the process ended
    }
  }
}

/** writeFileSync stops at 2 GiB per call; side files can be larger, and come as parts. */
function writeFileSync(path: string, bytes: string | Uint8Array | readonly Uint8Array[]): void {
  const fd = openSync(path, 'w');
  try {
    if (typeof bytes === 'string') writeSync(fd, bytes);
    for (const part of typeof bytes === 'string' ? [] : bytes instanceof Uint8Array ? [bytes] : bytes) {
      for (let at = 0; at < part.length; at += 256 * MB) writeSync(fd, part.subarray(at, at + 256 * MB));
    }
  } finally {
    closeSync(fd);
  }
}

async function ortOutputs(path: string, input: Float32Array): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(path, { graphOptimizationLevel: 'disabled' });
  const result = await session.run({ x: new ort.Tensor('float32', input, [1, 512, 4, 4]) });
  const out = Object.values(result)[0]?.data as Float32Array;
  await session.release();
  return out;
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
  return worst;
}

/** Waits for `target`, or fails with the page's error message as soon as one is shown. */
async function untilOrAlert(page: Page, target: ReturnType<Page['getByRole']>): Promise<void> {
  const alert = page.getByRole('alert');
  await Promise.race([
    target.waitFor({ timeout: 600_000 }),
    alert.waitFor({ timeout: 600_000 }).then(async () => {
      throw new Error(`the page said: ${await alert.textContent()}`);
    }),
  ]);
}

/** Saves every download that `start` sets off (model and side files), once they stop coming. */
async function saveDownloads(page: Page, atLeast: number, into: string, start: () => Promise<void>): Promise<string[]> {
  const downloads: Download[] = [];
  const done = new Promise<void>((resolve) => {
    let quiet: ReturnType<typeof setTimeout> | undefined;
    page.on('download', (d) => {
      downloads.push(d);
      clearTimeout(quiet);
      if (downloads.length >= atLeast) quiet = setTimeout(resolve, 3000);
    });
  });
  await start();
  const alert = page.getByRole('alert');
  await Promise.race([
    done,
    alert.waitFor({ timeout: 600_000 }).then(async () => {
      throw new Error(`download failed: ${await alert.textContent()}`);
    }),
  ]);
  page.removeAllListeners('download');
  const paths: string[] = [];
  for (const d of downloads) {
    const path = join(dir, into, d.suggestedFilename());
    const failure = await d.failure();
    if (failure) throw new Error(`the download of ${d.suggestedFilename()} failed: ${failure}`);
    await d.saveAs(path);
    paths.push(path);
  }
  return paths;
}

/**
 * The folder picker cannot be driven headless: it is replaced by one that hands out a folder of
 * the origin private file system, a real FileSystemDirectoryHandle written through the same API.
 */
const PICK_PRIVATE_FOLDER = `window.showDirectoryPicker = async () => {
  const root = await navigator.storage.getDirectory();
  return root.getDirectoryHandle('picked', { create: true });
};`;

/** "Save to folder…", timed until the page says it is done. */
async function saveToFolder(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Save to folder…' }).click();
  await untilOrAlert(page, page.getByTestId('save-notice').filter({ hasText: 'Saved to' }));
}

/**
 * The files of the picked folder, handed to the test as downloads of the files themselves (Blobs
 * backed by the files on disk, so the tab does not read them into memory), then deleted.
 */
async function exportPickedFolder(page: Page, count: number): Promise<string[]> {
  // Strings, as the bench is compiled without the DOM's types.
  const paths = await saveDownloads(page, count, 'folder', () =>
    page.evaluate(`(async () => {
      const folder = await (await navigator.storage.getDirectory()).getDirectoryHandle('picked');
      for await (const handle of folder.values()) {
        const link = document.createElement('a');
        link.href = URL.createObjectURL(await handle.getFile());
        link.download = handle.name;
        link.click();
      }
    })()`),
  );
  await page.evaluate(`(async () => {
    await (await navigator.storage.getDirectory()).removeEntry('picked', { recursive: true });
  })()`);
  return paths;
}

interface Case {
  name: string;
  files: string[];
  fileBytes: number;
  layers: number;
  savedFiles: number;
}

async function runCase(page: Page, c: Case): Promise<string> {
  await page.goto(`http://127.0.0.1:${PORT}/`);
  await page.getByRole('status').filter({ hasText: '7 fusible' }).waitFor();
  const before = highWater();
  let started = performance.now();
  await page.getByLabel('Open model').setInputFiles(c.files);
  await untilOrAlert(page, page.getByRole('status').filter({ hasText: `${c.layers} fusible · 0 blocked · 0 fused` }));
  const loadMs = performance.now() - started;
  const loaded = highWater();
  console.error(`${c.name}: loaded in ${(loadMs / 1000).toFixed(1)} s`);
  started = performance.now();
  await page.getByRole('button', { name: 'Fuse all' }).click();
  await untilOrAlert(page, page.getByRole('status').filter({ hasText: `0 fusible · 0 blocked · ${c.layers} fused` }));
  const fuseMs = performance.now() - started;
  const fused = highWater();
  console.error(`${c.name}: fused in ${(fuseMs / 1000).toFixed(1)} s`);
  // Download first, right after fusing, as most users would; then the same into a folder.
  resetHighWater();
  started = performance.now();
  const saved = await saveDownloads(page, c.savedFiles, 'out', () =>
    page.getByRole('button', { name: 'Download' }).click(),
  );
  const saveMs = performance.now() - started;
  const afterSave = highWater();
  resetHighWater();
  started = performance.now();
  await saveToFolder(page);
  const folderMs = performance.now() - started;
  const afterFolder = highWater();
  const inFolder = await exportPickedFolder(page, c.savedFiles);
  console.error(`${c.name}: saved to a folder in ${(folderMs / 1000).toFixed(1)} s`);
  const sizes = saved.map((p) => `${p.split('/').pop()} ${(statSync(p).size / MB).toFixed(0)} MB`).join(' + ');

  const input = Float32Array.from({ length: 512 * 16 }, (_, i) => Math.sin(i * 0.37));
  const want = await ortOutputs(c.files[0] as string, input);
  const fusedModel = (paths: string[]) => paths.find((p) => p.endsWith('.fused.onnx')) as string;
  const diff = maxAbsDiff(want, await ortOutputs(fusedModel(saved), input));
  const folderDiff = maxAbsDiff(want, await ortOutputs(fusedModel(inFolder), input));
  if (!Number.isFinite(diff) || !want.some((v) => v !== 0)) throw new Error('the reference outputs are degenerate');
  if (!(folderDiff <= 1e-4)) throw new Error(`the model saved to a folder disagrees: ${folderDiff}`);
  rmSync(join(dir, 'folder'), { recursive: true, force: true });
  rmSync(join(dir, 'out'), { recursive: true, force: true });
  const compare = await compareInPage(page);
  console.error(`${c.name}: onnxruntime-web ${compare}`);
  const ratio = (m: Memory) => (m.renderer / c.fileBytes).toFixed(2);
  const gb = (n: number) => (n / 1024 ** 3).toFixed(2);
  return `| ${c.name} | ${gb(c.fileBytes)} | ${(loadMs / 1000).toFixed(1)} | ${gb(before.renderer)} | ${gb(loaded.renderer)} (${ratio(loaded)}×) | ${(fuseMs / 1000).toFixed(1)} | ${gb(fused.renderer)} (${ratio(fused)}×) | ${(folderMs / 1000).toFixed(1)} | ${gb(afterFolder.renderer)} (${ratio(afterFolder)}×) | ${folderDiff.toExponential(1)} | ${(saveMs / 1000).toFixed(1)} | ${gb(afterSave.renderer)} (${ratio(afterSave)}×) | ${gb(afterSave.browser)} | ${sizes} | ${diff.toExponential(1)} | ${compare} |`;
}

/** "Compare" in the page (one warm-up-free run of each model): the verdict and how long it took. */
async function compareInPage(page: Page): Promise<string> {
  const started = performance.now();
  await page.getByRole('button', { name: 'Compare' }).click();
  const verify = page.getByRole('region', { name: 'Verify' });
  // "Compare" starts a run with the default counts at once; stop it and run just once instead.
  await verify.getByRole('button', { name: 'Cancel' }).click();
  await verify.getByRole('button', { name: 'Run comparison' }).and(page.locator(':enabled')).waitFor();
  await verify.getByLabel('Warm-up runs').fill('0');
  await verify.getByLabel('Timed runs').fill('1');
  await verify.getByRole('button', { name: 'Run comparison' }).click();
  const table = verify.getByRole('table', { name: 'Comparison' });
  const error = verify.locator('.compare-error').filter({ hasNotText: /^Cancelled\.$/ });
  try {
    await Promise.race([table.waitFor({ timeout: 900_000 }), error.waitFor({ timeout: 900_000 })]);
  } catch {
    return 'no answer in 15 min';
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  if (await error.count()) return `failed after ${seconds} s: ${(await error.textContent())?.slice(0, 160)}`;
  const verdicts = await table.locator('tbody td:last-child').allTextContents();
  const mode = (await verify.textContent())?.includes('one after the other') ? ', one model at a time' : '';
  return `${verdicts.every((v) => v === 'pass') ? 'pass' : 'FAIL'} in ${seconds} s${mode}, peak ${(highWater().renderer / 1024 ** 3).toFixed(2)} GB`;
}

/**
 * The fixture's weights suit a few layers; through 200 layers activations would overflow to
 * Inf and the comparison would prove nothing. Scaled by 0.1 they stay near 1 (measured: outputs
 * up to about 2, half of them non-zero after the last Relu).
 */
function tame(model: ModelProto): ModelProto {
  const weights = new Set((model.graph?.node ?? []).filter((n) => n.opType === 'Conv').map((n) => n.input?.[1] ?? ''));
  for (const t of model.graph?.initializer ?? []) {
    if (!weights.has(t.name ?? '') || !t.rawData) continue;
    const raw = t.rawData;
    const values = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
    for (let i = 0; i < values.length; i++) values[i] = (values[i] as number) * 0.1;
    t.rawData = new Uint8Array(values.buffer);
  }
  return model;
}

function writeSingleFile(): Case {
  // 200 conv layers of 512×512×3×3 float32: about 1.89 GB in one file.
  const model = tame(buildWeightHeavy(1890));
  const bytes = encodeModel(model);
  const path = join(dir, 'huge.onnx');
  writeFileSync(path, bytes);
  const layers = model.graph?.node?.filter((n) => n.opType === 'BatchNormalization').length ?? 0;
  return { name: 'one file, near 2 GB', files: [path], fileBytes: bytes.length, layers, savedFiles: 1 };
}

function writeExternal(): Case {
  // About 2.3 GB of weights: past what one protobuf file can hold.
  const model = tame(buildWeightHeavy(2300));
  // One side file of 2.3 GB, as exporters write them (the page reads it in pieces).
  const [side] = moveToSideFile(model, new Map(), 'big.onnx.data', 1024, Number.POSITIVE_INFINITY);
  const data = side?.parts ?? [];
  const bytes = encodeModel(model);
  writeFileSync(join(dir, 'big.onnx'), bytes);
  writeFileSync(join(dir, 'big.onnx.data'), data);
  const layers = model.graph?.node?.filter((n) => n.opType === 'BatchNormalization').length ?? 0;
  return {
    name: 'model + side file, past 2 GB',
    files: [join(dir, 'big.onnx'), join(dir, 'big.onnx.data')],
    fileBytes: bytes.length + partsSize(data),
    layers,
    savedFiles: 4,
  };
}

async function main(): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const server = await startPreview(PORT);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    args: chromiumArgs(),
    acceptDownloads: true,
    // The offline cache (some 30 MB) would be written in the background of what is measured.
    serviceWorkers: 'block',
  });
  await context.addInitScript(PICK_PRIVATE_FOLDER);
  const rows: string[] = [];
  try {
    const only = process.argv[2];
    const cases =
      only === 'external' ? [writeExternal] : only === 'single' ? [writeSingleFile] : [writeSingleFile, writeExternal];
    for (const write of cases) {
      const c = write();
      const page = await context.newPage();
      try {
        rows.push(await runCase(page, c));
        console.log(rows.at(-1));
      } catch (error) {
        rows.push(`| ${c.name} | failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)} |`);
      } finally {
        await page.close();
        for (const f of c.files) rmSync(f, { force: true });
      }
    }
  } finally {
    await context.close();
    server.kill();
    rmSync(dir, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
  }
  console.log('\nWeights at scale (peak = high-water mark of the tab’s renderer process; × = of the input size):\n');
  console.log(
    '| model | input GB | load s | tab before GB | tab peak after load GB | fuse all s | peak after fuse GB | save to folder s | peak while saving to folder GB | max abs diff, folder (onnxruntime-node) | download s | peak while downloading GB | browser process peak while downloading GB | downloaded | max abs diff, download (onnxruntime-node) | onnxruntime-web in the page |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---|');
  for (const row of rows) console.log(row);
}

await main();
