import { describe, expect, it } from 'vitest';
import { VERIFY_EXIT_CODE, verifyModels } from '../src/cli/verify.ts';
import { formatVerify } from '../src/cli/verify-text.ts';
import { buildConvBn } from '../src/fixtures/models.ts';
import { buildNaNConvBn, buildOverflowingConvBn } from '../src/fixtures/non-finite-models.ts';
import { applyAll } from '../src/fusion/index.ts';
import { decodeModel, encodeModel, makeFloatTensor, readFloatValues, tensorDims } from '../src/onnx/index.ts';
import type { TensorProto } from '../src/onnx/types.ts';
import { readRealModel } from './helpers/real-models.ts';

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

  it('calls an output NaN in both models inconclusive, never a pass, and says why', async () => {
    const model = buildNaNConvBn();
    const report = await verifyModels(encodeModel(model), encodeModel(applyAll(model).model));
    expect(report.outputs.map((o) => [o.name, o.verdict])).toEqual([
      ['nan', 'inconclusive'],
      ['ok', 'pass'],
    ]);
    expect(report.verdict).toBe('inconclusive');
    expect(report.pass).toBe(false);
    expect(VERIFY_EXIT_CODE[report.verdict]).toBe(3);
    const text = formatVerify(report);
    expect(text).toMatch(
      / {2}nan {2}no value finite in both models {2}INCONCLUSIVE\n {4}Every value \(256\) is NaN or ±Inf/,
    );
    expect(text).toMatch(/ {2}ok {2}.* pass\n/);
    expect(text).not.toMatch(/All outputs agree/);
    expect(text).toMatch(/^Inconclusive: 1 of 2 outputs hold NaN or ±Inf in both models/m);
    expect(text).toMatch(/try a smaller --input-scale \(now 1\)/);
    expect(text).toMatch(/exit code 3: inconclusive, not a pass$/);
  });

  it('a smaller input scale keeps an overflowing model finite, and then it passes', async () => {
    const model = buildOverflowingConvBn();
    const original = encodeModel(model);
    const fused = encodeModel(applyAll(model).model);
    const wide = await verifyModels(original, fused);
    expect(wide.verdict).toBe('inconclusive');
    expect(wide.outputs[0]?.nonFinite.reference).toBeGreaterThan(0);
    const narrow = await verifyModels(original, fused, { inputScale: 0.01 });
    expect(narrow.verdict).toBe('pass');
    expect(formatVerify(narrow)).toMatch(/seed 1, floats in ±0\.01, inputs x\[1,4,8,8\]/);
  });

  it('explains the alarming max rel and cosine of PaddleOCR det at 64×64: values near zero, judged by atol', async () => {
    const original = readRealModel('ch_PP-OCRv4_det_infer.onnx');
    const fused = encodeModel(applyAll(decodeModel(original)).model);
    const report = await verifyModels(original, fused);
    const [map] = report.outputs;
    // The figures the issue saw: a pass with max rel 3 and cosine well under 1.
    expect(map?.verdict).toBe('pass');
    expect(map?.maxRel).toBeGreaterThan(1);
    expect(map?.cosine).toBeLessThan(0.999);
    expect(map?.notes).toEqual([
      {
        kind: 'near-zero',
        text: expect.stringMatching(
          /^The max rel \S+ and cosine \S+ come from values near zero: \d+% of the original's values are within ±0\.1 \(atol ÷ rtol\), where the absolute tolerance 0\.0001 decides\./,
        ),
      },
    ]);
    expect(formatVerify(report)).toMatch(/ pass\n {4}The max rel .* come from values near zero/);
  });
});
