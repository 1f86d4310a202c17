import { describe, expect, it } from 'vitest';
import { applyEdit, type EditOp } from '../src/edit/index.ts';
import { decodeModel, encodeModel } from '../src/onnx/index.ts';
import type { ModelProto } from '../src/onnx/types.ts';
import { checkStructure } from './helpers/judge.ts';
import { bitIdentical, randomFeeds, runModel } from './helpers/ort.ts';
import { readRealModel } from './helpers/real-models.ts';

/**
 * Edits on real exporter output (paddle2onnx, PaddleOCR): the models declare symbolic dims
 * (p2o.DynamicDimension.N) and no value_info. Judged by onnxruntime-node: the edited model runs
 * and agrees bit for bit with the original on the same inputs.
 */
const dimsOf = (model: ModelProto, which: 'input' | 'output') =>
  model.graph?.[which]?.[0]?.type?.tensorType?.shape?.dim?.map((d) => d.dimParam || Number(d.dimValue));

function edit(model: ModelProto, ops: EditOp[]): ModelProto {
  return ops.reduce((m, op) => applyEdit(m, new Map(), op).model, model);
}

describe('edits on the PaddleOCR models', () => {
  it('det: a fixed input shape; the output shape is worked out; same values as the dynamic model', async () => {
    const bytes = readRealModel('ch_PP-OCRv4_det_infer.onnx');
    const model = decodeModel(bytes);
    const input = model.graph?.input?.[0]?.name ?? '';
    expect(dimsOf(model, 'input')?.some((d) => typeof d === 'string')).toBe(true);
    const fixed = edit(model, [{ op: 'set-input-shape', input, dims: [1, 3, 160, 160] }]);
    expect(dimsOf(fixed, 'input')).toEqual([1, 3, 160, 160]);
    expect(dimsOf(fixed, 'output')).toEqual([1, 1, 160, 160]);
    expect(checkStructure(fixed)).toEqual([]);
    const feeds = randomFeeds(encodeModel(fixed), 3);
    const [a, b] = await Promise.all([runModel(bytes, feeds), runModel(encodeModel(fixed), feeds)]);
    expect(bitIdentical(a, b)).toBe(true);
  }, 60_000);

  it('cls: input renamed, an inner value made an output, the head deleted', async () => {
    const bytes = readRealModel('ch_ppocr_mobile_v2.0_cls_infer.onnx');
    const model = decodeModel(bytes);
    const nodes = model.graph?.node ?? [];
    const input = model.graph?.input?.[0]?.name ?? '';
    const last = nodes.length - 1;
    const head = nodes[last];
    const inner = head?.input?.[0] ?? '';
    const edited = edit(model, [
      { op: 'rename', value: input, to: 'image' },
      { op: 'add-output', value: inner },
      { op: 'delete-node', node: head?.name || `#${last}` },
    ]);
    expect(edited.graph?.input?.[0]?.name).toBe('image');
    expect(edited.graph?.output?.map((o) => o.name)).toEqual([inner]);
    const feeds = randomFeeds(bytes, 4);
    const reference = edit(model, [{ op: 'add-output', value: inner }]);
    const [a, b] = await Promise.all([
      runModel(encodeModel(reference), feeds),
      runModel(encodeModel(edited), { image: feeds[input] as never }),
    ]);
    expect(bitIdentical({ v: a[inner] as never }, { v: b[inner] as never })).toBe(true);
  }, 60_000);
});
