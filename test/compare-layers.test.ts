import { describe, expect, it } from 'vitest';
import { compareLayersWithOrt } from '../src/cli/layers.ts';
import { randomFeeds } from '../src/cli/ort-runner.ts';
import {
  chunkLayers,
  divergenceText,
  firstDivergence,
  type LayerGraph,
  type LayerResult,
  matchLayers,
} from '../src/compare/layers.ts';
import { compareStats, ELEMENTWISE } from '../src/compare/stats.ts';
import { BROKEN_SCOPE, buildFoldPair } from '../src/fixtures/broken-fold.ts';
import { encodeModel } from '../src/onnx/index.ts';
import { layerGraphOf } from '../src/optimize/layer-graph.ts';

const spec = { tolerance: { atol: 1e-4, rtol: 1e-3 }, mode: ELEMENTWISE };

function value(name: string, order: number, elemType = 1, dims: (number | string)[] = [1, 4]) {
  return { name, order, elemType, dims, producer: { name: `/${name}/Op`, opType: 'Relu', index: order } };
}

describe('matchLayers', () => {
  it('matches by name, lists values only one side has, and skips values of unknown type', () => {
    const original: LayerGraph = {
      values: [value('a', 0), value('conv_out', 1), value('bn_out', 2), value('mystery', 3, 0)],
    };
    const fused: LayerGraph = { values: [value('a', 0), value('bn_out', 1), value('mystery', 2), value('new', 3)] };
    const plan = matchLayers(original, fused);
    expect(plan.matched.map((m) => m.name)).toEqual(['a', 'bn_out']);
    expect(plan.matched[1]?.order).toBe(2); // the original's order
    expect(plan.onlyOriginal.map((v) => v.name)).toEqual(['conv_out']);
    expect(plan.onlyFused.map((v) => v.name)).toEqual(['new']);
    expect(plan.untyped).toEqual(['mystery']);
  });

  it('on a real fold: the fused conv carries the BN output name; the conv output is the original’s alone', () => {
    const { original, fused, brokenValue, brokenBn, brokenConv } = buildFoldPair({ broken: false });
    const plan = matchLayers(layerGraphOf(original), layerGraphOf(fused));
    const bnOut = plan.matched.find((m) => m.name === brokenValue);
    expect(bnOut?.original.producer.name).toBe(brokenBn);
    expect(bnOut?.fused.producer).toMatchObject({ name: brokenConv, opType: 'Conv' });
    const convOut = original.graph?.node?.find((n) => n.name === brokenConv)?.output?.[0];
    expect(plan.onlyOriginal.map((v) => v.name)).toContain(convOut);
    expect(plan.untyped).toEqual([]); // every value typed by shape inference (the sample declares none)
  });
});

describe('chunkLayers', () => {
  it('keeps each chunk under the byte and count limits, in order; a value larger than the limit goes alone', () => {
    const layers = [
      value('a', 0, 1, [1, 100]), // 400 bytes
      value('b', 1, 1, [1, 100]),
      value('c', 2, 1, [1, 1000]), // 4,000 bytes: over the limit alone
      value('d', 3, 7, [1, 10]), // int64: 80 bytes
      value('e', 4, 1, ['batch', 10]), // the symbol counted as unknownDim 2: 80 bytes
    ].map((v) => ({ name: v.name, order: v.order, original: v, fused: v }));
    const chunks = chunkLayers(layers, { maxBytes: 1000, maxValues: 10, unknownDim: 2 });
    expect(chunks.map((c) => c.map((l) => l.name))).toEqual([['a', 'b'], ['c'], ['d', 'e']]);
    expect(chunkLayers(layers, { maxBytes: 1e9, maxValues: 2 }).map((c) => c.length)).toEqual([2, 2, 1]);
  });
});

describe('firstDivergence', () => {
  const result = (name: string, order: number, diff: number): LayerResult => ({
    name,
    order,
    original: { name, opType: 'Relu', index: order },
    fused: { name, opType: 'Relu', index: order },
    type: 'float32',
    dims: [1],
    stats: compareStats([1], [1 + diff], spec.tolerance),
  });
  it('is the failing value first in topological order, whatever order results came in', () => {
    const results = [result('late', 5, 1), result('ok', 0, 0), result('early', 2, 1)];
    expect(firstDivergence(results)?.name).toBe('early');
    expect(firstDivergence([result('ok', 0, 0)])).toBeUndefined();
  });
});

describe('compareLayersWithOrt (judged by onnxruntime-node)', () => {
  const feedsFor = (bytes: Uint8Array) => randomFeeds(bytes, 1);

  it('names the BN folded without its mean as the first divergence, and its fused conv as producer', async () => {
    const pair = buildFoldPair({ broken: true });
    const original = encodeModel(pair.original);
    const report = await compareLayersWithOrt(original, encodeModel(pair.fused), feedsFor(original), {
      spec,
      limits: { maxBytes: 1e9, maxValues: 4 },
    });
    expect(report.firstDivergence?.name).toBe(pair.brokenValue);
    expect(report.firstDivergence?.fused.name).toBe(pair.brokenConv);
    expect(report.firstDivergence?.original.name).toBe(pair.brokenBn);
    expect(divergenceText(report)).toBe(
      `First divergence: ${pair.brokenValue}, produced by node /${BROKEN_SCOPE}/conv/Conv (Conv); /${BROKEN_SCOPE}/bn/BatchNormalization (BatchNormalization) in original.`,
    );
    // Seen from the original's graph (a loaded model compared with a file): its BN first.
    expect(divergenceText(report, { reference: 'net.onnx', actual: 'broken.onnx' }, 'original')).toBe(
      `First divergence: ${pair.brokenValue}, produced by node /${BROKEN_SCOPE}/bn/BatchNormalization (BatchNormalization); /${BROKEN_SCOPE}/conv/Conv (Conv) in broken.onnx.`,
    );
    // Everything before it agrees; chunks of 4 values: several runs.
    const before = report.compared.filter((r) => r.order < (report.firstDivergence?.order ?? 0));
    expect(before.length).toBeGreaterThan(3);
    expect(before.every((r) => r.stats.verdict === 'pass')).toBe(true);
    expect(report.chunks).toBeGreaterThan(3);
    expect(report.skipped).toEqual([]);
    expect(report.onlyOriginal.length).toBeGreaterThan(0);
  });

  it('with every layer folded right, names no divergence and compares the same values', async () => {
    const pair = buildFoldPair({ broken: false });
    const original = encodeModel(pair.original);
    const report = await compareLayersWithOrt(original, encodeModel(pair.fused), feedsFor(original), { spec });
    expect(report.firstDivergence).toBeUndefined();
    expect(report.compared.length).toBeGreaterThan(10);
    expect(report.compared.every((r) => r.stats.verdict === 'pass')).toBe(true);
    expect(report.chunks).toBe(1);
    expect(divergenceText(report)).toMatch(/^No layer diverges/);
  });
});
