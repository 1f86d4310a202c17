import { describe, expect, it } from 'vitest';
import { defaultTolerance } from '../src/compare/diff.ts';
import { applyAll, findFusions } from '../src/fusion/index.ts';
import { decodeModel, encodeModel } from '../src/onnx/index.ts';
import type { ModelProto } from '../src/onnx/types.ts';
import { checkStructure, judge } from './helpers/judge.ts';
import { REAL_MODEL_FILES, readRealModel } from './helpers/real-models.ts';

const countOp = (model: ModelProto, op: string) => (model.graph?.node ?? []).filter((n) => n.opType === op).length;
const FOLDS_A_BN = new Set(['conv-bn', 'bn-conv', 'gemm-bn', 'matmul-bn']);

describe('real PaddleOCR models (paddle2onnx: weights in Constant nodes)', () => {
  it.each(REAL_MODEL_FILES)('%s: every fusible pair fused, outputs within tolerance', async (file) => {
    const model = decodeModel(readRealModel(file));
    const candidates = findFusions(model);
    expect(candidates.filter((c) => c.status === 'fusible').length).toBeGreaterThan(0);
    const { model: fused, record } = applyAll(model);

    // Nothing fusible is left behind, and BatchNormalization count after = before − BNs folded.
    expect(findFusions(fused).filter((c) => c.status === 'fusible')).toEqual([]);
    const bnFolded = record.applied.filter((a) => FOLDS_A_BN.has(a.kind)).length;
    expect(countOp(fused, 'BatchNormalization')).toBe(countOp(model, 'BatchNormalization') - bnFolded);
    expect(countOp(fused, 'Conv') + countOp(fused, 'ConvTranspose')).toBe(
      countOp(model, 'Conv') + countOp(model, 'ConvTranspose'),
    );
    expect(checkStructure(fused)).toEqual([]);

    // onnxruntime-node loads the fused model and agrees on seeded random inputs (two seeds).
    for (const seed of [1, 2]) {
      const diffs = await judge(model, fused, defaultTolerance('float32'), seed);
      for (const [output, diff] of Object.entries(diffs)) {
        expect({ output, seed, pass: diff.pass }).toEqual({ output, seed, pass: true });
      }
    }
    expect(encodeModel(fused).length).toBeLessThan(encodeModel(model).length);
  });
});
