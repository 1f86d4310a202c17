import { describe, expect, it } from 'vitest';
import { defaultTolerance } from '../src/compare/diff.ts';
import {
  buildInferredNoOps,
  buildMatMulAddInferredRank,
  buildReshapeInsertingOne,
  buildReshapeLikeChains,
  buildSqueezeWithoutAxes,
  buildTorchShapeArithmetic,
} from '../src/fixtures/optimize-inferred-models.ts';
import { encodeModel, listGraphs } from '../src/onnx/index.ts';
import type { ModelProto } from '../src/onnx/types.ts';
import { optimize } from '../src/optimize/index.ts';
import { checkStructure, judge } from './helpers/judge.ts';
import { bitIdentical, randomFeeds, runModel } from './helpers/ort.ts';

/**
 * Case rows whose rewrite rests on shape inference (the files state no intermediate shape):
 * structural rows bit for bit under onnxruntime-node, with the symbolic sizes fed at 1 and at 3.
 */
interface Case {
  name: string;
  build: () => ModelProto;
  ops: Record<string, number>;
  applied: Record<string, number>;
  exact: boolean;
}

const CASES: Case[] = [
  {
    name: 'Cast, Reshape by [0, 3, 4] and Expand of an [N, 3, 4] value: no-ops for every N',
    build: buildInferredNoOps,
    ops: { Relu: 2 },
    applied: { 'no-ops': 3, constants: 2 },
    exact: true,
  },
  {
    name: 'Squeeze without axes cancels an Unsqueeze of known dims both ways; with a symbolic batch it stays (trap)',
    build: buildSqueezeWithoutAxes,
    ops: { Relu: 6, Unsqueeze: 1, Squeeze: 1 },
    applied: { 'no-ops': 2, 'dead-code': 2, constants: 2 },
    exact: true,
  },
  {
    name: 'Flatten, Squeeze and Unsqueeze merged into the Reshape after them',
    build: buildReshapeLikeChains,
    ops: { Reshape: 3 },
    applied: { chains: 3, 'dead-code': 3, constants: 1 },
    exact: true,
  },
  {
    name: 'Reshape to [0, 1, W, 8] computed at run time becomes an Unsqueeze; the Shape arithmetic goes',
    build: buildReshapeInsertingOne,
    ops: { Relu: 1, Unsqueeze: 1 },
    applied: { 'shape-fold': 1, 'dead-code': 4, constants: 4 },
    exact: true,
  },
  {
    name: "torch.onnx's channel shuffle: sizes of known dims, the integer floor division (Xor, Mod) and both Reshape targets fold",
    build: buildTorchShapeArithmetic,
    ops: { Relu: 1, Reshape: 2, Transpose: 1, Mul: 2 },
    applied: { 'shape-fold': 29, 'constant-fold': 2, duplicates: 3, 'dead-code': 5, constants: 36 },
    exact: true,
  },
  {
    name: 'MatMul + Add to Gemm when only inference knows the input is 2-D',
    build: () => buildMatMulAddInferredRank(),
    ops: { Relu: 1, Gemm: 1 },
    applied: { 'matmul-add-to-gemm': 1 },
    exact: false,
  },
];

function opCounts(model: ModelProto): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { graph } of listGraphs(model))
    for (const n of graph.node ?? []) counts[n.opType ?? ''] = (counts[n.opType ?? ''] ?? 0) + 1;
  return counts;
}

describe('optimize with inferred shapes (judged by onnxruntime-node)', () => {
  it.each(CASES)('$name', async (c) => {
    const model = c.build();
    const before = encodeModel(model);
    const result = optimize(model);
    expect(encodeModel(model)).toEqual(before);
    expect(checkStructure(result.model)).toEqual([]);
    expect(opCounts(result.model)).toEqual(c.ops);
    const applied = Object.fromEntries(
      result.record.passes.filter((p) => p.applied.length > 0).map((p) => [p.pass, p.applied.length]),
    );
    expect(applied).toEqual(c.applied);
    expect(result.candidates.filter((x) => x.blocked)).toEqual([]);
    const after = encodeModel(result.model);
    for (const dims of [
      { N: 1, W: 1 },
      { N: 3, W: 5 },
    ]) {
      if (c.exact) {
        const feeds = randomFeeds(before, 7, { dims });
        const [a, b] = await Promise.all([runModel(before, feeds), runModel(after, feeds)]);
        expect(bitIdentical(a, b)).toBe(true);
      } else {
        const diffs = await judge(model, result.model, defaultTolerance('float32'));
        for (const d of Object.values(diffs)) expect(d.verdict).toBe('pass');
      }
    }
  });
});
