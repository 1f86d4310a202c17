import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCheckFlags } from '../src/cli/check-flags.ts';
import { BROKEN_SCOPE, buildFoldPair } from '../src/fixtures/broken-fold.ts';
import { encodeModel, writeExternalBytes } from '../src/onnx/index.ts';
import type { ModelProto } from '../src/onnx/types.ts';
import { cli } from './helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'bnfold-layers-'));
const path = (name: string) => join(dir, name);
const broken = buildFoldPair({ broken: true });

/** Writes `model` as NAME with its larger weights in NAME.data beside it, as exporters do past 2 GB. */
function writeWithSideFile(name: string, model: ModelProto): void {
  const files = new Map<string, Uint8Array>();
  for (const t of model.graph?.initializer ?? []) {
    if ((t.rawData?.length ?? 0) >= 256) writeExternalBytes(t, t.rawData as Uint8Array, files, `${name}.data`);
  }
  writeFileSync(path(name), encodeModel(model));
  writeFileSync(path(`${name}.data`), files.get(`${name}.data`) as Uint8Array);
}

beforeAll(() => {
  writeWithSideFile('split-net.onnx', buildFoldPair({ broken: true }).original);
  writeWithSideFile('split-broken.onnx', buildFoldPair({ broken: true }).fused);
  writeFileSync(path('net.onnx'), encodeModel(broken.original));
  writeFileSync(path('broken.onnx'), encodeModel(broken.fused));
  writeFileSync(path('good.onnx'), encodeModel(buildFoldPair({ broken: false }).fused));
});

describe('bnfold compare --layers', () => {
  it('names the BN folded without its mean as the first divergence, with its node in both models', async () => {
    const run = await cli('compare', path('net.onnx'), path('broken.onnx'), '--layers');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `First divergence: ${broken.brokenValue}, produced by node /${BROKEN_SCOPE}/conv/Conv (Conv); /${BROKEN_SCOPE}/bn/BatchNormalization (BatchNormalization) in net.onnx.`,
    );
    // Polygraphy's statistics under each output.
    expect(run.stdout).toMatch(/\|diff\| +mean [-0-9.e+]+ +std [-0-9.e+]+ +min .* p99 .* max /);
    expect(run.stdout).toMatch(/would pass with atol ≥ [0-9.e+-]+ or rtol ≥ /);
  });

  it('models with their weights in side files: run from a hidden copy beside each, removed afterwards', async () => {
    const before = readdirSync(dir).sort();
    const run = await cli('compare', path('split-net.onnx'), path('split-broken.onnx'), '--layers', '--json');
    const report = JSON.parse(run.stdout);
    expect(report.layers.firstDivergence.name).toBe(broken.brokenValue);
    expect(report.layers.firstDivergence.fused.name).toBe(broken.brokenConv);
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it('--json prints the same report: statistics per output and the layers', async () => {
    const run = await cli('compare', path('net.onnx'), path('broken.onnx'), '--layers', '--json');
    const report = JSON.parse(run.stdout);
    expect(report.layers.firstDivergence.name).toBe(broken.brokenValue);
    expect(report.layers.firstDivergence.fused.name).toBe(broken.brokenConv);
    expect(report.layers.firstDivergence.original.name).toBe(broken.brokenBn);
    expect(report.layers.compared.length).toBeGreaterThan(10);
    const logits = report.outputs.find((o: { name: string }) => o.name === 'logits');
    expect(logits.stats.absDiff.max).toBeCloseTo(logits.maxAbs, 9);
    expect(Object.keys(logits.stats.reference)).toEqual(
      expect.arrayContaining(['mean', 'std', 'min', 'max', 'median', 'p90', 'p95', 'p99', 'nan', 'posInf', 'negInf']),
    );
  });

  it('with every layer folded right, no layer diverges (and fuse --verify --layers says so too)', async () => {
    const run = await cli('compare', path('net.onnx'), path('good.onnx'), '--layers');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/No layer diverges: all \d+ values both models have are within tolerance\./);
    const fused = await cli('fuse', path('net.onnx'), '-o', path('out.onnx'), '--verify', '--layers');
    expect(fused.code).toBe(0);
    expect(fused.stdout).toMatch(/No layer diverges/);
  });

  it('tolerances per output: loosening both outputs passes the broken model; one alone does not', async () => {
    const both = await cli(
      'compare',
      path('net.onnx'),
      path('broken.onnx'),
      '--atol',
      'logits:1e3',
      '--atol',
      'tap_features:1e3',
    );
    expect(both.code).toBe(0);
    const one = await cli('compare', path('net.onnx'), path('broken.onnx'), '--atol', 'logits:1e3');
    expect(one.code).toBe(1);
    expect(one.stdout).toMatch(/logits .*\(atol 1000, rtol 0\.001\)\s+pass/);
  });
});

describe('parseCheckFlags', () => {
  it('reads Polygraphy’s forms: V for all, NAME:V for one (names may hold colons), modes and the quantile', () => {
    expect(
      parseCheckFlags({
        atol: ['1e-3', 'out:0:0.5'],
        rtol: ['logits:0'],
        stat: ['median', 'logits:quantile'],
        quantile: '0.9',
      }),
    ).toEqual({
      tolerance: { atol: 1e-3 },
      mode: { kind: 'median' },
      perOutput: {
        'out:0': { atol: 0.5 },
        logits: { rtol: 0, mode: { kind: 'quantile', q: 0.9 } },
      },
    });
    expect(() => parseCheckFlags({ atol: ['x'], rtol: [], stat: [] })).toThrow(/not a tolerance/);
    expect(() => parseCheckFlags({ atol: [], rtol: [], stat: ['p99'] })).toThrow(/not one of/);
  });
});
