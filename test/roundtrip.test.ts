import { describe, expect, it } from 'vitest';
import { buildConvBn, buildResNetLike } from '../src/fixtures/models.ts';
import { decodeModel, encodeModel, encodeModelParts, joinParts } from '../src/onnx/index.ts';
import type { ModelProto } from '../src/onnx/types.ts';
import { bitIdentical, randomFeeds, runModel } from './helpers/ort.ts';
import { REAL_MODEL_FILES, readRealModel } from './helpers/real-models.ts';

/** Every model the lossless check covers: fixtures in every storage variant, and real exports. */
const FIXTURES: [string, () => ModelProto][] = [
  ['conv-bn', () => buildConvBn()],
  ['conv-bn no bias, grouped', () => buildConvBn({ bias: false, groups: 2 })],
  ['conv-bn typed fields', () => buildConvBn({ storage: 'typed' })],
  ['conv-bn constants (paddle2onnx style)', () => buildConvBn({ weights: 'constant' })],
  ['conv-bn identity (torch style)', () => buildConvBn({ weights: 'identity' })],
  ['conv-bn IR 3, initializers as inputs', () => buildConvBn({ irVersion: 3, opset: 8 })],
  ['conv-bn 1-D', () => buildConvBn({ spatialDims: 1 })],
  ['conv-bn 3-D', () => buildConvBn({ spatialDims: 3, spatialSize: 4 })],
  ['convtranspose-bn grouped', () => buildConvBn({ transpose: true, groups: 2 })],
  ['resnet-like sample', () => buildResNetLike()],
];

/** Models onnxruntime's CPU provider has no kernels for (float64 and float16 Conv): checked field by field only. */
const DECODE_ONLY: [string, () => ModelProto][] = [
  ['conv-bn float64', () => buildConvBn({ dtype: 'float64' })],
  ['conv-bn float16', () => buildConvBn({ dtype: 'float16' })],
  ['conv-bn bfloat16 typed', () => buildConvBn({ dtype: 'bfloat16', storage: 'typed' })],
];

const CASES: [string, () => Uint8Array][] = [
  ...FIXTURES.map(([name, build]): [string, () => Uint8Array] => [name, () => encodeModel(build())]),
  ...REAL_MODEL_FILES.map((file): [string, () => Uint8Array] => [`PaddleOCR ${file}`, () => readRealModel(file)]),
];

const encoded = (cases: [string, () => ModelProto][]) =>
  cases.map(([name, build]): [string, () => Uint8Array] => [name, () => encodeModel(build())]);

describe('lossless round trip', () => {
  it.each([...CASES, ...encoded(DECODE_ONLY)])('%s: decode(encode(decode(x))) deep-equals decode(x)', (_name, load) => {
    const bytes = load();
    const once = decodeModel(bytes);
    const twice = decodeModel(encodeModel(once));
    expect(twice).toEqual(once);
  });

  it.each(CASES)('%s: onnxruntime-node gives bit-identical outputs', async (_name, load) => {
    const bytes = load();
    const again = encodeModel(decodeModel(bytes));
    const feeds = randomFeeds(bytes, 5);
    const before = await runModel(bytes, feeds);
    const after = await runModel(again, feeds);
    expect(Object.keys(before).length).toBeGreaterThan(0);
    expect(bitIdentical(before, after)).toBe(true);
  });

  it.each([...CASES, ...encoded(DECODE_ONLY)])(
    '%s: written in parts (weights as views), byte for byte the same file',
    (_name, load) => {
      const model = decodeModel(load());
      const whole = encodeModel(model);
      expect(joinParts(encodeModelParts(model, 1))).toEqual(whole);
      expect(joinParts(encodeModelParts(model))).toEqual(whole);
    },
  );
});
