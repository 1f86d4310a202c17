import { describe, expect, it } from 'vitest';
import { defaultTolerance } from '../src/compare/diff.ts';
import { applyAll, type FusionCandidate, findFusions } from '../src/fusion/index.ts';
import { decodeModel, encodeModel } from '../src/onnx/index.ts';
import type { ModelProto } from '../src/onnx/types.ts';
import { checkStructure, judge } from './helpers/judge.ts';
import { REAL_MODEL_FILES, readRealModel } from './helpers/real-models.ts';

const countOp = (model: ModelProto, op: string) => (model.graph?.node ?? []).filter((n) => n.opType === op).length;
const FOLDS_A_BN = new Set(['conv-bn', 'bn-conv', 'gemm-bn', 'matmul-bn']);

/**
 * What "Fuse all" does to each model's counts. The det and rec models are mostly Conv → Mul → Add
 * with constants (a BN as paddle2onnx writes it): the Add becomes fusible once the Mul is folded.
 */
const COUNTS: Record<(typeof REAL_MODEL_FILES)[number], { before: string; after: string }> = {
  'ch_ppocr_mobile_v2.0_cls_infer.onnx': {
    before: '35 fusible · 0 blocked',
    after: '0 fusible · 0 blocked · 35 fused',
  },
  'ch_PP-OCRv4_det_infer.onnx': { before: '32 fusible · 0 blocked', after: '0 fusible · 0 blocked · 61 fused' },
  'ch_PP-OCRv4_rec_infer.onnx': { before: '34 fusible · 0 blocked', after: '0 fusible · 0 blocked · 62 fused' },
};

const tally = (candidates: FusionCandidate[]) =>
  `${candidates.filter((c) => c.status === 'fusible').length} fusible · ${candidates.filter((c) => c.status === 'blocked').length} blocked`;

describe('real PaddleOCR models (paddle2onnx: weights in Constant nodes)', () => {
  it.each(REAL_MODEL_FILES)('%s: fusing adds no blocked candidate, and fused names keep one suffix', (file) => {
    const model = decodeModel(readRealModel(file));
    const before = findFusions(model);
    const { model: fused, record } = applyAll(model);
    const after = findFusions(fused);
    // Once Mul and Add are folded, the conv feeds hardswish x·relu6(x + 3)/6 directly: its x + 3 reads
    // a conv output the hardswish Mul reads too, which is no candidate (it was 24 blocked ones on det).
    expect({ before: tally(before), after: `${tally(after)} · ${record.applied.length} fused` }).toEqual(COUNTS[file]);
    const blockedBefore = new Set(before.filter((c) => c.blocked).map((c) => c.id));
    expect(after.filter((c) => c.blocked && !blockedBefore.has(c.id))).toEqual([]);
    // Weights folded twice (the Mul, then the Add it leaves next to the conv) keep one "_fused".
    const names = (fused.graph?.initializer ?? []).map((t) => t.name ?? '');
    expect(names.filter((n) => (n.match(/_fused/g)?.length ?? 0) > 1 || /_fused_\d+$/.test(n))).toEqual([]);
    expect(new Set(names).size).toBe(names.length);
  });

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
