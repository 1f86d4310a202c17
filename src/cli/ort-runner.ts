/**
 * onnxruntime-node for the command line (and the tests, which judge fused models with it): seeded
 * random inputs for a model's graph inputs, and runs.
 */
import { createRandom } from '../compare/random.ts';
import { numberToFloat16Bits } from '../onnx/float16.ts';
import { DataType, decodeModel, int64ToApproxNumber } from '../onnx/index.ts';
import type { ValueInfoProto } from '../onnx/types.ts';
import { loadOnnxRuntime } from './onnxruntime.ts';

/** An input as plain data; onnxruntime's own Tensor has this shape too. */
export interface FeedTensor {
  type: 'float32' | 'float64' | 'float16' | 'int32' | 'int64' | 'bool';
  data: Float32Array | Float64Array | Uint16Array | Int32Array | BigInt64Array | Uint8Array;
  dims: readonly number[];
}
export type Feeds = Record<string, FeedTensor>;
export type Outputs = Record<
  string,
  {
    dims: readonly number[];
    type: string;
    data: Float32Array | Float64Array | Uint16Array | Int32Array | BigInt64Array | Uint8Array;
  }
>;

/** Sizes for symbolic dims: by dim_param name or by input name (a whole shape), else 1 for axis 0 and `spatial` after. */
export interface ShapeChoices {
  spatial?: number;
  /** "N" → 1, "height" → 224 */
  dims?: Readonly<Record<string, number>>;
  /** "x" → [1, 3, 224, 224] */
  inputs?: Readonly<Record<string, readonly number[]>>;
}

function concreteShape(value: ValueInfoProto, choices: ShapeChoices): number[] {
  const given = choices.inputs?.[value.name ?? ''];
  if (given) return [...given];
  const dims = value.type?.tensorType?.shape?.dim ?? [];
  return dims.map((d, axis) => {
    const n = d.dimValue === null || d.dimValue === undefined ? 0 : int64ToApproxNumber(d.dimValue);
    if (n > 0) return n;
    const named = d.dimParam ? choices.dims?.[d.dimParam] : undefined;
    if (named !== undefined) return named;
    return axis === 0 ? 1 : (choices.spatial ?? 64);
  });
}

const feed = (type: FeedTensor['type'], data: FeedTensor['data'], dims: number[]): FeedTensor => ({ type, data, dims });

/** Seeded random inputs for every graph input that is not an initializer: floats in [-1, 1), bools, small ints. */
export function randomFeeds(modelBytes: Uint8Array, seed = 1, choices: ShapeChoices = {}): Feeds {
  const model = decodeModel(modelBytes);
  const initializers = new Set((model.graph?.initializer ?? []).map((t) => t.name));
  const random = createRandom(seed);
  const feeds: Feeds = {};
  for (const input of model.graph?.input ?? []) {
    const name = input.name ?? '';
    if (initializers.has(name)) continue;
    const shape = concreteShape(input, choices);
    const count = shape.reduce((p, d) => p * d, 1);
    const elemType = input.type?.tensorType?.elemType;
    const uniform = () => random() * 2 - 1;
    switch (elemType) {
      case DataType.BOOL:
        feeds[name] = feed(
          'bool',
          Uint8Array.from({ length: count }, () => (random() < 0.5 ? 0 : 1)),
          shape,
        );
        break;
      case DataType.INT64:
        feeds[name] = feed(
          'int64',
          BigInt64Array.from({ length: count }, () => BigInt(Math.floor(random() * 4))),
          shape,
        );
        break;
      case DataType.INT32:
        feeds[name] = feed(
          'int32',
          Int32Array.from({ length: count }, () => Math.floor(random() * 4)),
          shape,
        );
        break;
      case DataType.FLOAT16:
        feeds[name] = feed(
          'float16',
          Uint16Array.from({ length: count }, () => numberToFloat16Bits(uniform())),
          shape,
        );
        break;
      case DataType.DOUBLE:
        feeds[name] = feed('float64', Float64Array.from({ length: count }, uniform), shape);
        break;
      default:
        feeds[name] = feed('float32', Float32Array.from({ length: count }, uniform), shape);
    }
  }
  return feeds;
}

/**
 * A model for onnxruntime-node: its bytes, or the path of its file. A model with external data
 * must be given by path: onnxruntime finds side files beside the model's file, and refuses them
 * for a model given as bytes (it would look in the working directory).
 */
export type ModelSource = Uint8Array | string;

/** Runs a model on onnxruntime-node's CPU provider; graph optimizations off unless asked (they fuse Conv+BN themselves). */
export async function runModel(
  model: ModelSource,
  feeds: Feeds,
  optimization: 'disabled' | 'all' = 'disabled',
): Promise<Outputs> {
  const ort = await loadOnnxRuntime();
  const options = { graphOptimizationLevel: optimization };
  const session = await (typeof model === 'string'
    ? ort.InferenceSession.create(model, options)
    : ort.InferenceSession.create(model, options));
  try {
    const tensors = Object.fromEntries(
      Object.entries(feeds).map(([name, t]) => [name, new ort.Tensor(t.type, t.data, t.dims)]),
    );
    const results = await session.run(tensors);
    const out: Outputs = {};
    for (const [name, tensor] of Object.entries(results)) {
      out[name] = { dims: tensor.dims, type: tensor.type, data: tensor.data as Outputs[string]['data'] };
    }
    return out;
  } finally {
    await session.release();
  }
}
