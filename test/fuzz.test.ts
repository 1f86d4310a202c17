import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCompareError } from '../src/compare/errors.ts';
import { planInputs } from '../src/compare/plan.ts';
import { buildConvBn, buildResNetLike } from '../src/fixtures/models.ts';
import { buildIfNoOps, buildMatMulAddGemm, buildNoOpRow, buildPadInto } from '../src/fixtures/optimize-models.ts';
import { DataType } from '../src/onnx/dtype.ts';
import { halfFloats } from '../src/onnx/float16.ts';
import { checkGraphs, decodeModel, encodeModel, isOnnxError } from '../src/onnx/index.ts';
import { encodeNpy } from '../src/onnx/npy.ts';
import { Long, onnx } from '../src/onnx/protobuf.ts';
import { encodeTensorFile } from '../src/onnx/tensor-file.ts';
import { readTensorInput } from '../src/onnx/tensor-input.ts';
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

/**
 * Input files given for a comparison (`--input x=FILE`, the page's "File (.npy, .pb)"; one reader, onnx/tensor-input.ts): a damaged
 * .npy or .pb file ends in a tensor or a typed refusal (OnnxError from the reader, CompareError
 * from the plan when it does not fit the input), promptly, and what is read is never larger than
 * the file could hold (8 bytes per varint of int64_data at most): dims that claim more are
 * refused before any buffer is sized by them.
 */
describe(`damaged input files through the input loaders (property test, seed ${SEED})`, () => {
  const bytes = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const floats = Float32Array.from({ length: 24 }, (_, i) => i / 3 - 2);
  const spec = (elemType: number) => [{ name: 'x', elemType, dims: ['N', 4, 6] as (number | string)[] }];
  const sources: [string, string, () => Uint8Array, number][] = [
    [
      'npy float32',
      'x.npy',
      () => encodeNpy({ dataType: DataType.FLOAT, dims: [1, 4, 6], data: bytes(floats) }),
      DataType.FLOAT,
    ],
    [
      'npy int64',
      'x.npy',
      () =>
        encodeNpy({
          dataType: DataType.INT64,
          dims: [1, 4, 6],
          data: bytes(BigInt64Array.from({ length: 24 }, (_, i) => BigInt(i))),
        }),
      DataType.INT64,
    ],
    [
      'pb raw float32',
      'x.pb',
      () => encodeTensorFile({ name: 'x', dataType: DataType.FLOAT, dims: [1, 4, 6], data: bytes(floats) }),
      DataType.FLOAT,
    ],
    [
      'pb int64_data',
      'x.pb',
      () =>
        onnx.TensorProto.encode({
          name: 'x',
          dataType: DataType.INT64,
          dims: [1, 4, 6].map((d) => Long.fromNumber(d)),
          int64Data: Array.from({ length: 24 }, (_, i) => Long.fromNumber(i * 1000)),
        }).finish(),
      DataType.INT64,
    ],
  ];

  it.each(sources)(
    "%s: every mutation ends in a tensor or a typed refusal, promptly, within the file's size",
    (_name, fileName, source, elemType) => {
      const original = source();
      const outcomes = new Map<string, number>();
      let slowest = 0;
      fc.assert(
        fc.property(fc.noBias(fc.array(mutation, { minLength: 1, maxLength: 3 })), (mutations) => {
          const file = mutate(original, mutations);
          const started = performance.now();
          let outcome = 'tensor';
          try {
            const tensor = readTensorInput(file, fileName);
            if (tensor.data.length > 8 * file.length)
              throw new Error(`${tensor.data.length} bytes read from a ${file.length}-byte file`);
            planInputs(spec(elemType), {
              seed: 1,
              inputScale: 1,
              half: halfFloats(),
              sources: { x: { kind: 'tensor', label: fileName, tensor } },
            });
          } catch (error) {
            if (isOnnxError(error) || isCompareError(error)) outcome = error.code;
            else throw error;
          }
          slowest = Math.max(slowest, performance.now() - started);
          outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
        }),
        { seed: SEED, numRuns: 1500 },
      );
      expect(slowest).toBeLessThan(CASE_LIMIT_MS);
      // The mutations must break files, and some must still read, or the test proves little.
      expect(1500 - (outcomes.get('tensor') ?? 0)).toBeGreaterThan(1500 / 4);
      expect(outcomes.get('tensor') ?? 0).toBeGreaterThan(0);
    },
    120_000,
  );

  it('hostile headers are refused before any allocation: 2^50 elements claimed, 96 bytes held', () => {
    const dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (1125899906842624,), }";
    const header = `${dict.padEnd(117, ' ')}\n`;
    const npy = new Uint8Array(10 + header.length + floats.byteLength);
    npy.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length, 0]);
    npy.set(new TextEncoder().encode(header), 10);
    npy.set(bytes(floats), 10 + header.length);
    const pb = onnx.TensorProto.encode({
      dataType: DataType.FLOAT,
      dims: [Long.fromNumber(2 ** 50)],
      rawData: bytes(floats),
    }).finish();
    const refusal = (file: Uint8Array, name: string) => {
      try {
        readTensorInput(file, name);
      } catch (error) {
        if (isOnnxError(error)) return `${error.code}: ${error.message}`;
        throw error;
      }
      return 'read';
    };
    expect(refusal(npy, 'x.npy')).toMatch(/^NPY_INVALID: .*but 96 bytes of data follow/);
    expect(refusal(pb, 'x.pb')).toMatch(/^TENSOR_DATA_SHORT: Tensor "" holds 96 bytes/);
  });
});
