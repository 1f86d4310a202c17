import * as ort from 'onnxruntime-node';
import { createRandom } from '../../src/fixtures/random.ts';
import { float16BitsToNumber, numberToFloat16Bits } from '../../src/onnx/float16.ts';
import { DataType, decodeModel, int64ToApproxNumber } from '../../src/onnx/index.ts';
import type { ValueInfoProto } from '../../src/onnx/types.ts';

export type Feeds = Record<string, ort.Tensor>;
export type Outputs = Record<
  string,
  { dims: readonly number[]; data: Float32Array | Float64Array | Uint16Array | Int32Array | BigInt64Array }
>;

/** Symbolic dims get 1 for the batch (first) axis and `spatial` elsewhere. */
function concreteShape(value: ValueInfoProto, spatial: number): number[] {
  const dims = value.type?.tensorType?.shape?.dim ?? [];
  return dims.map((d, axis) => {
    const n = d.dimValue === null || d.dimValue === undefined ? 0 : int64ToApproxNumber(d.dimValue);
    if (n > 0) return n;
    return axis === 0 ? 1 : spatial;
  });
}

/** Seeded random float inputs for every real graph input of a model. */
export function randomFeeds(modelBytes: Uint8Array, seed = 1, spatial = 64): Feeds {
  const model = decodeModel(modelBytes);
  const initializers = new Set((model.graph?.initializer ?? []).map((t) => t.name));
  const random = createRandom(seed);
  const feeds: Feeds = {};
  for (const input of model.graph?.input ?? []) {
    if (initializers.has(input.name)) continue;
    const shape = concreteShape(input, spatial);
    const count = shape.reduce((p, d) => p * d, 1);
    const elemType = input.type?.tensorType?.elemType;
    const name = input.name ?? '';
    if (elemType === DataType.BOOL) {
      feeds[name] = new ort.Tensor(
        'bool',
        Uint8Array.from({ length: count }, () => (random() < 0.5 ? 0 : 1)),
        shape,
      );
      continue;
    }
    const data = new Float32Array(count);
    for (let i = 0; i < count; i++) data[i] = random() * 2 - 1;
    if (elemType === DataType.FLOAT16) {
      feeds[name] = new ort.Tensor('float16', Uint16Array.from(data, numberToFloat16Bits), shape);
    } else if (elemType === DataType.DOUBLE) {
      feeds[name] = new ort.Tensor('float64', Float64Array.from(data), shape);
    } else {
      feeds[name] = new ort.Tensor('float32', data, shape);
    }
  }
  return feeds;
}

/** Runs a model with onnxruntime-node (CPU) and returns every output. */
export async function runModel(
  modelBytes: Uint8Array,
  feeds: Feeds,
  optimization: 'disabled' | 'all' = 'disabled',
): Promise<Outputs> {
  const session = await ort.InferenceSession.create(modelBytes, { graphOptimizationLevel: optimization });
  try {
    const results = await session.run(feeds);
    const out: Outputs = {};
    for (const [name, tensor] of Object.entries(results)) {
      out[name] = { dims: tensor.dims, data: tensor.data as Outputs[string]['data'] };
    }
    return out;
  } finally {
    await session.release();
  }
}

/** True when two output sets have the same names, shapes and bit-identical data. */
export function bitIdentical(a: Outputs, b: Outputs): boolean {
  const names = Object.keys(a);
  if (names.length !== Object.keys(b).length) return false;
  return names.every((name) => {
    const x = a[name];
    const y = b[name];
    if (!x || !y || x.dims.join() !== y.dims.join()) return false;
    const xb = new Uint8Array(x.data.buffer, x.data.byteOffset, x.data.byteLength);
    const yb = new Uint8Array(y.data.buffer, y.data.byteOffset, y.data.byteLength);
    return xb.length === yb.length && xb.every((v, i) => v === yb[i]);
  });
}

/** Output values as float64 numbers (float16 outputs decoded from their bits). */
export function outputValues(output: Outputs[string], elemType: 'float16' | 'other' = 'other'): Float64Array {
  if (elemType === 'float16') return Float64Array.from(output.data as Uint16Array, float16BitsToNumber);
  return Float64Array.from(output.data as Float32Array);
}
