import * as ort from 'onnxruntime-node';
import { createRandom } from '../../src/fixtures/random.ts';
import { decodeModel, int64ToApproxNumber } from '../../src/onnx/index.ts';
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
    if (elemType === 10) {
      throw new Error('float16 inputs are not used by these tests');
    }
    const data = new Float32Array(count);
    for (let i = 0; i < count; i++) data[i] = random() * 2 - 1;
    feeds[input.name ?? ''] = new ort.Tensor(
      elemType === 11 ? 'float64' : 'float32',
      elemType === 11 ? Float64Array.from(data) : data,
      shape,
    );
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
