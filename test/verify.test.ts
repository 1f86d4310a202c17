import { describe, expect, it } from 'vitest';
import { verifyModels } from '../src/cli/verify.ts';
import { buildConvBn } from '../src/fixtures/models.ts';
import { applyAll } from '../src/fusion/index.ts';
import { encodeModel, makeFloatTensor, readFloatValues, tensorDims } from '../src/onnx/index.ts';
import type { TensorProto } from '../src/onnx/types.ts';

describe('verifyModels', () => {
  it('passes a correct fusion', async () => {
    const model = buildConvBn({ groups: 2 });
    const report = await verifyModels(encodeModel(model), encodeModel(applyAll(model).model));
    expect(report.pass).toBe(true);
    expect(report.outputs[0]?.maxAbs).toBeLessThan(1e-5);
  });

  it('fails a model whose weights were changed by one part in a hundred', async () => {
    const model = buildConvBn();
    const broken = applyAll(model).model;
    const graph = broken.graph as NonNullable<typeof broken.graph>;
    const [weight] = graph.initializer ?? [];
    const w = weight as TensorProto;
    const values = readFloatValues(w).map((v) => v * 1.01);
    graph.initializer = [
      makeFloatTensor({ name: w.name ?? '', dataType: w.dataType ?? 1, dims: tensorDims(w), values, storage: 'raw' }),
      ...(graph.initializer ?? []).slice(1),
    ];
    const report = await verifyModels(encodeModel(model), encodeModel(broken));
    expect(report.pass).toBe(false);
    expect(report.outputs[0]?.outsideShare).toBeGreaterThan(0);
    expect(report.outputs[0]?.cosine).toBeLessThan(1);
  });
});
