import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildConvBn, buildResNetLike } from '../src/fixtures/models.ts';
import { buildIfNoOps, buildMatMulAddGemm, buildNoOpRow, buildPadInto } from '../src/fixtures/optimize-models.ts';
import { checkGraphs, decodeModel, encodeModel, isOnnxError } from '../src/onnx/index.ts';
import { optimize } from '../src/optimize/index.ts';
import { driveWorker, openSample } from './helpers/drive-worker.ts';
import { mutate, mutation } from './helpers/mutations.ts';
import { readRealModel } from './helpers/real-models.ts';
import { CASE_LIMIT_MS, Tally } from './helpers/tally.ts';

const SEED = 20261125;

/**
 * Each damaged file goes through everything the app does with a model: the worker's handlers
 * open it over the sample, then fuse all, download, re-open the download, undo and redo.
 */
describe(`damaged models (property test, seed ${SEED})`, () => {
  const sample = openSample();
  const sources: [string, () => Uint8Array, number][] = [
    ['conv-bn fixture', () => encodeModel(buildConvBn()), 1500],
    ['conv-bn constants fixture', () => encodeModel(buildConvBn({ weights: 'constant', storage: 'typed' })), 1000],
    ['resnet-like fixture', () => encodeModel(buildResNetLike()), 800],
    ['PaddleOCR cls (real)', () => readRealModel('ch_ppocr_mobile_v2.0_cls_infer.onnx'), 600],
    ['PaddleOCR det (real)', () => readRealModel('ch_PP-OCRv4_det_infer.onnx'), 100],
  ];

  it.each(sources)(
    '%s: every mutation ends in a model or a typed error, promptly',
    (name, source, runs) => {
      const tally = new Tally();
      const bytes = source();
      fc.assert(
        fc.property(fc.noBias(fc.array(mutation, { minLength: 1, maxLength: 3 })), (mutations) => {
          const problem = tally.record(name, driveWorker(mutate(bytes, mutations), sample));
          if (problem) throw new Error(problem);
        }),
        { seed: SEED, numRuns: runs },
      );
      tally.print(`${name} (seed ${SEED})`);
      expect(tally.cases).toBe(runs);
      expect({ crashes: tally.crashes, hangs: tally.hangs }).toEqual({ crashes: 0, hangs: 0 });
      // The mutations must actually break files, or the test proves nothing.
      expect(tally.rejected()).toBeGreaterThan(runs / 4);
    },
    180_000,
  );
});

/**
 * The optimizer as `bnfold optimize` runs it (decode, check the graphs, optimize, encode): a
 * damaged file ends in an optimized model that encodes and decodes again, or in a typed error
 * with a code, never in another exception, and promptly.
 */
describe(`damaged models through optimize (property test, seed ${SEED})`, () => {
  const sources: [string, () => Uint8Array, number][] = [
    ['no-op row fixture', () => encodeModel(buildNoOpRow()), 800],
    ['If fixture', () => encodeModel(buildIfNoOps()), 600],
    ['pad fixture', () => encodeModel(buildPadInto()), 400],
    ['gemm fixture', () => encodeModel(buildMatMulAddGemm()), 400],
    ['PaddleOCR cls (real)', () => readRealModel('ch_ppocr_mobile_v2.0_cls_infer.onnx'), 200],
  ];

  it.each(sources)(
    '%s: every mutation ends in an optimized model or a typed error, promptly',
    (_name, source, runs) => {
      const bytes = source();
      const outcomes = new Map<string, number>();
      let slowest = 0;
      fc.assert(
        fc.property(fc.noBias(fc.array(mutation, { minLength: 1, maxLength: 3 })), (mutations) => {
          const started = performance.now();
          let outcome = 'model';
          try {
            const model = decodeModel(mutate(bytes, mutations));
            checkGraphs(model);
            decodeModel(encodeModel(optimize(model).model));
          } catch (error) {
            if (!isOnnxError(error)) throw error;
            outcome = error.code;
          }
          slowest = Math.max(slowest, performance.now() - started);
          outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
        }),
        { seed: SEED, numRuns: runs },
      );
      expect(slowest).toBeLessThan(CASE_LIMIT_MS);
      // The mutations must break files, and some must still optimize, or the test proves little.
      expect(runs - (outcomes.get('model') ?? 0)).toBeGreaterThan(runs / 4);
      expect(outcomes.get('model') ?? 0).toBeGreaterThan(0);
    },
    180_000,
  );
});
