import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildConvBn, buildResNetLike } from '../src/fixtures/models.ts';
import {
  decodeModel,
  encodeModel,
  indexGraph,
  OnnxError,
  summarizeModel,
  topologicalOrder,
} from '../src/onnx/index.ts';
import { readRealModel } from './helpers/real-models.ts';

/** Per-case time bound: a damaged file must be rejected (or read) promptly, never hang. */
const CASE_LIMIT_MS = 2000;
const SEED = 20261125;

type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'set'; at: number; value: number }
  | { kind: 'inflate'; at: number }
  | { kind: 'delete'; at: number; count: number }
  | { kind: 'duplicate'; at: number; count: number };

/**
 * Mutations are drawn as fractions of the file size so one arbitrary serves every model; drawn
 * without fast-check's bias to small values, which would put nearly every mutation at byte 0.
 */
const position = fc.integer({ min: 0, max: 1_000_000 }).map((n) => n / 1_000_001);
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: position }),
  fc.record({ kind: fc.constant('flip' as const), at: position, bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('set' as const), at: position, value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('inflate' as const), at: position }),
  fc.record({ kind: fc.constant('delete' as const), at: position, count: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: position, count: fc.integer({ min: 1, max: 64 }) }),
);

function mutate(source: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let bytes: Uint8Array = source.slice();
  for (const m of mutations) {
    const at = Math.min(bytes.length - 1, Math.floor(m.at * bytes.length));
    if (bytes.length === 0 || at < 0) break;
    switch (m.kind) {
      case 'truncate':
        bytes = bytes.slice(0, at);
        break;
      case 'flip':
        bytes[at] = (bytes[at] as number) ^ (1 << m.bit);
        break;
      case 'set':
        bytes[at] = m.value;
        break;
      case 'inflate': {
        // Make the varint at `at` claim an enormous length or value.
        const inflated = new Uint8Array(bytes.length + 4);
        inflated.set(bytes.subarray(0, at));
        inflated.set([0xff, 0xff, 0xff, 0xff, 0x0f], at);
        inflated.set(bytes.subarray(at + 1), at + 5);
        bytes = inflated.subarray(0, bytes.length + 4);
        break;
      }
      case 'delete':
        bytes = concat(bytes.subarray(0, at), bytes.subarray(at + m.count));
        break;
      case 'duplicate':
        bytes = concat(bytes.subarray(0, at + m.count), bytes.subarray(at));
        break;
    }
  }
  return bytes;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Reads a model the way the app does: decode, then summary and graph index. */
function load(bytes: Uint8Array): 'model' | string {
  try {
    const model = decodeModel(bytes);
    summarizeModel(model);
    if (model.graph) topologicalOrder(indexGraph(model.graph));
    encodeModel(model);
    return 'model';
  } catch (error) {
    if (error instanceof OnnxError) return error.code;
    throw error;
  }
}

function checkProperty(name: string, source: Uint8Array, runs: number, codes: Map<string, number>): void {
  fc.assert(
    fc.property(fc.noBias(fc.array(mutation, { minLength: 1, maxLength: 3 })), (mutations) => {
      const bytes = mutate(source, mutations);
      const started = performance.now();
      const outcome = load(bytes);
      const elapsed = performance.now() - started;
      codes.set(outcome, (codes.get(outcome) ?? 0) + 1);
      if (elapsed > CASE_LIMIT_MS) throw new Error(`${name}: a case took ${elapsed.toFixed(0)} ms`);
    }),
    { seed: SEED, numRuns: runs },
  );
}

describe('damaged models (property test)', () => {
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
      const codes = new Map<string, number>();
      checkProperty(name, source(), runs, codes);
      const total = [...codes.values()].reduce((a, b) => a + b, 0);
      console.info(name, Object.fromEntries(codes));
      expect(total).toBe(runs);
      // The mutations must actually break files, or the test proves nothing.
      expect(total - (codes.get('model') ?? 0)).toBeGreaterThan(runs / 4);
    },
    120_000,
  );
});
