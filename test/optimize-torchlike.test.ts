import { describe, expect, it } from 'vitest';
import { defaultTolerance, diffOutputs } from '../src/compare/diff.ts';
import { buildTorchShuffleNetV2 } from '../src/fixtures/torch-dynamic.ts';
import { applyAll } from '../src/fusion/index.ts';
import { encodeModel } from '../src/onnx/index.ts';
import type { ModelProto } from '../src/onnx/types.ts';
import { optimize } from '../src/optimize/index.ts';
import { checkStructure } from './helpers/judge.ts';
import { bitIdentical, outputValues, randomFeeds, runModel } from './helpers/ort.ts';

/**
 * Issue 14's fourth model, a torchvision CNN exported by torch.onnx with a dynamic batch axis
 * (src/fixtures/torch-dynamic.ts: ShuffleNetV2, 946 nodes, 56 BNs, 752 nodes of channel_shuffle
 * and chunk shape arithmetic). onnxslim (../shared/tools/onnxslim at 2e65f08a) leaves 445 nodes
 * on this file: it keeps the integer floor division and the per-dim Gathers. The optimizer folds
 * every size of a known dim, the floor division and both view targets, leaving the network's own
 * nodes and one Reshape, Transpose, Reshape per shuffle. The batch is fed at 1 and at 3.
 */
const NODES = 946;
const FUSED = 890;
const OPTIMIZED = 173;
/** Without the Conv/BN folds: the exact passes only, which change no output bit. */
const STRUCTURAL = OPTIMIZED + 56;
const BATCHES = [1, 3];

function opCounts(model: ModelProto): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const n of model.graph?.node ?? []) counts[n.opType ?? ''] = (counts[n.opType ?? ''] ?? 0) + 1;
  return counts;
}

describe('optimize on a torch.onnx export with a dynamic batch (ShuffleNetV2)', () => {
  const model = buildTorchShuffleNetV2();
  const before = encodeModel(model);

  it(`the file: ${NODES} nodes, 56 BNs, mostly shape arithmetic, batch symbolic; fuse alone leaves ${FUSED}`, () => {
    const ops = opCounts(model);
    expect(model.graph?.node?.length).toBe(NODES);
    expect(ops.BatchNormalization).toBe(56);
    const shapeArithmetic = ['Shape', 'Gather', 'Constant', 'Unsqueeze', 'Concat', 'Div', 'Mod', 'Xor', 'Where'];
    expect(shapeArithmetic.reduce((n, op) => n + (ops[op] ?? 0), 0)).toBeGreaterThan(NODES / 2);
    expect(model.graph?.input?.[0]?.type?.tensorType?.shape?.dim?.[0]?.dimParam).toBe('batch_size');
    expect(applyAll(model).model.graph?.node?.length).toBe(FUSED);
  });

  it(`optimize: ${NODES} → ${OPTIMIZED} nodes, no shape arithmetic left, outputs agree at batch 1 and 3`, async () => {
    const result = optimize(model);
    expect(encodeModel(model)).toEqual(before);
    expect(result.record.hitRoundLimit).toBe(false);
    expect(checkStructure(result.model)).toEqual([]);
    expect(result.candidates.filter((c) => c.blocked)).toEqual([]);
    expect(opCounts(result.model)).toEqual({
      Conv: 56,
      Relu: 37,
      MaxPool: 1,
      Split: 13,
      Concat: 16,
      Reshape: 32,
      Transpose: 16,
      ReduceMean: 1,
      Gemm: 1,
    });
    expect(result.model.graph?.node?.length).toBe(OPTIMIZED);
    const after = encodeModel(result.model);
    for (const batch of BATCHES) {
      const feeds = randomFeeds(before, batch, { dims: { batch_size: batch } });
      const [a, b] = await Promise.all([runModel(before, feeds), runModel(after, feeds)]);
      const [x, y] = [a.output, b.output];
      if (!x || !y) throw new Error('a model has no output "output"');
      expect(x.dims).toEqual([batch, 1000]);
      const diff = diffOutputs(outputValues(x), outputValues(y), defaultTolerance('float32'));
      expect(diff.verdict).toBe('pass');
    }
  }, 60_000);

  it(`the exact passes alone (no Conv/BN folds): ${STRUCTURAL} nodes, bit for bit at batch 1 and 3`, async () => {
    const result = optimize(model, { skip: ['conv-bn-folds'] });
    expect(result.model.graph?.node?.length).toBe(STRUCTURAL);
    expect(opCounts(result.model).BatchNormalization).toBe(56);
    const after = encodeModel(result.model);
    for (const batch of BATCHES) {
      const feeds = randomFeeds(before, 10 + batch, { dims: { batch_size: batch } });
      const [a, b] = await Promise.all([runModel(before, feeds), runModel(after, feeds)]);
      expect(bitIdentical(a, b)).toBe(true);
    }
  }, 60_000);
});
