import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PRODUCTION_POLICY, serializePolicy } from '../scripts/csp.ts';
import { precacheOf } from '../scripts/precache.ts';
import { writeServiceWorker } from '../scripts/service-worker-plugin.ts';

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** A folder laid out like a build. */
function buildFolder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'bnfold-precache-'));
  folders.push(dir);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

const BUILD = {
  'index.html': '<!doctype html>',
  'assets/index-abc.js': 'app',
  'assets/index-abc.js.map': '{}',
  'assets/ort-wasm-simd-threaded.jsep-def.wasm': 'wasm',
  'sample.onnx': 'model',
  'sw.js': 'an earlier service worker',
};

describe('precacheOf', () => {
  it('lists every file the app fetches, as sorted paths relative to the build, without source maps or sw.js', () => {
    expect(precacheOf(buildFolder(BUILD)).files).toEqual([
      'assets/index-abc.js',
      'assets/ort-wasm-simd-threaded.jsep-def.wasm',
      'index.html',
      'sample.onnx',
    ]);
  });

  it('gives the same build the same id, and a new id for any change of a name or a content', () => {
    const id = precacheOf(buildFolder(BUILD)).build;
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(precacheOf(buildFolder(BUILD)).build).toBe(id);
    expect(precacheOf(buildFolder({ ...BUILD, 'sample.onnx': 'another model' })).build).not.toBe(id);
    const { 'sample.onnx': sample, ...rest } = BUILD;
    expect(precacheOf(buildFolder({ ...rest, 'sample2.onnx': sample })).build).not.toBe(id);
    // Neither source maps nor the worker itself count.
    expect(precacheOf(buildFolder({ ...BUILD, 'assets/index-abc.js.map': '{"v":2}', 'sw.js': 'x' })).build).toBe(id);
  });
});

describe('writeServiceWorker', () => {
  it('writes sw.js as one classic script that holds the build id, its files and the production policy', async () => {
    const dir = buildFolder(BUILD);
    const precache = await writeServiceWorker(dir);
    expect(precache).toEqual(precacheOf(dir));
    const script = readFileSync(join(dir, 'sw.js'), 'utf8');
    // A classic script: module syntax would make registration fail where module workers are missing.
    expect(script).not.toMatch(/^\s*(import|export)\b/m);
    expect(script).toContain(precache.build);
    for (const file of precache.files) expect(script).toContain(file);
    expect(script).toContain(serializePolicy(PRODUCTION_POLICY));
    expect(script).not.toContain('__BNFOLD_');
  }, 60_000);
});
