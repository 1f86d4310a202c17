import { describe, expect, it } from 'vitest';
import { applyEdit, type EditOp } from '../src/edit/index.ts';
import { buildTorchShuffleNetV2 } from '../src/fixtures/torch-dynamic.ts';
import { encodeModel } from '../src/onnx/index.ts';
import type { ModelProto } from '../src/onnx/types.ts';
import { checkStructure } from './helpers/judge.ts';
import { bitIdentical, randomFeeds, runModel } from './helpers/ort.ts';

/**
 * Issue 15's headline case: the torch.onnx ShuffleNetV2 with a dynamic batch_size (946 nodes,
 * mostly shape arithmetic) cut down to a batch-3 feature extractor: batch set, the pooled
 * features made the output, the classifier deleted. onnxruntime-node runs it at batch 3, and its
 * output is bit for bit the original's pooled features on the same batch.
 */
const SIZE = 96;
const POOLED = '/ReduceMean_output_0';

const dimsOf = (model: ModelProto, output: number) =>
  model.graph?.output?.[output]?.type?.tensorType?.shape?.dim?.map((d) => d.dimParam || Number(d.dimValue));

describe('editing a torch.onnx export with a dynamic batch', () => {
  it('batch 3, pooled features as the output, classifier deleted: runs and equals the original features', async () => {
    const model = buildTorchShuffleNetV2({ size: SIZE });
    const before = encodeModel(model);
    const steps: EditOp[] = [
      { op: 'set-input-shape', input: 'input', dims: [3, 3, SIZE, SIZE] },
      { op: 'add-output', value: POOLED },
      { op: 'delete-node', node: '/fc/Gemm' },
    ];
    let edited = model;
    const descriptions: string[] = [];
    for (const op of steps) {
      const result = applyEdit(edited, new Map(), op);
      edited = result.model;
      descriptions.push(result.description);
    }
    expect(encodeModel(model)).toEqual(before);
    expect(descriptions).toEqual([
      `Set input "input" to 3×3×${SIZE}×${SIZE}`,
      `Made "${POOLED}" an output`,
      'Deleted node "/fc/Gemm" (Gemm); output "output" dropped; 2 unused weights removed',
    ]);
    const graph = edited.graph;
    expect(graph?.output?.map((o) => o.name)).toEqual([POOLED]);
    // The declared output shape was recomputed from the new batch: 1024 pooled channels per image.
    expect(dimsOf(edited, 0)).toEqual([3, 1024]);
    expect(graph?.initializer?.some((t) => t.name?.startsWith('fc.'))).toBe(false);
    expect(graph?.node?.length).toBe((model.graph?.node?.length ?? 0) - 1);
    expect(checkStructure(edited)).toEqual([]);

    const feeds = randomFeeds(before, 5, { dims: { batch_size: 3 } });
    const reference = applyEdit(model, new Map(), { op: 'add-output', value: POOLED }).model;
    const [original, cut] = await Promise.all([
      runModel(encodeModel(reference), feeds),
      runModel(encodeModel(edited), feeds),
    ]);
    expect(Object.keys(cut)).toEqual([POOLED]);
    expect(cut[POOLED]?.dims).toEqual([3, 1024]);
    expect(bitIdentical({ x: original[POOLED] as never }, { x: cut[POOLED] as never })).toBe(true);
  }, 60_000);
});
