import { describe, expect, it } from 'vitest';
import { defaultTolerance } from '../src/compare/diff.ts';
import { applyAll } from '../src/fusion/index.ts';
import { decodeModel, encodeModel } from '../src/onnx/index.ts';
import { optimize } from '../src/optimize/index.ts';
import { checkStructure, judge } from './helpers/judge.ts';
import { readRealModel } from './helpers/real-models.ts';

/**
 * Main-graph node counts: the file, onnxslim's (issue 14, a mid-2025 onnxslim on the same files)
 * and ours. The optimizer removes the Constant nodes paddle2onnx writes, evaluates what is computed
 * from constants alone and what shape inference knows (the cls classifier's MatMul + Add becomes a
 * Gemm once its input's rank is inferred; rec's Reshape to [N, 1, W, 120] becomes an Unsqueeze and
 * its Shape arithmetic goes), folds every BN and merges equal subexpressions; the figures pin what
 * it does now, so a regression shows.
 */
const MODELS = [
  { file: 'ch_ppocr_mobile_v2.0_cls_infer.onnx', nodes: 471, onnxslim: 180, fuse: 261, optimized: 179 },
  { file: 'ch_PP-OCRv4_det_infer.onnx', nodes: 672, onnxslim: 328, fuse: 481, optimized: 269 },
  { file: 'ch_PP-OCRv4_rec_infer.onnx', nodes: 765, onnxslim: 424, fuse: 561, optimized: 341 },
] as const;

describe('optimize on the real PaddleOCR models', () => {
  it.each(MODELS)(
    '$file: $nodes → $optimized nodes (onnxslim $onnxslim), outputs agree, the model loads',
    async (m) => {
      const model = decodeModel(readRealModel(m.file));
      expect(model.graph?.node?.length).toBe(m.nodes);
      const result = optimize(model);
      expect(result.model.graph?.node?.length).toBe(m.optimized);
      // Never fewer passes' worth than fuse alone.
      expect(m.optimized).toBeLessThan(applyAll(model).model.graph?.node?.length ?? 0);
      expect(result.record.hitRoundLimit).toBe(false);
      expect(checkStructure(result.model)).toEqual([]);
      // Loaded and run by onnxruntime-node from its bytes (a model that does not load throws here).
      const reloaded = decodeModel(encodeModel(result.model));
      for (const seed of [1, 2]) {
        const diffs = await judge(model, reloaded, defaultTolerance('float32'), seed);
        for (const d of Object.values(diffs)) expect(d.verdict).toBe('pass');
      }
    },
    120_000,
  );
});
