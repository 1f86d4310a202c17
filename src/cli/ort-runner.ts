/**
 * onnxruntime-node for the command line (and the tests, which judge changed models with it): the
 * inputs of a model as the comparison core plans them, and runs.
 */
import { type InputSpec, planInputs, type TensorData } from '../compare/index.ts';
import { halfFloats } from '../onnx/float16.ts';
import { decodeModel, type ModelProto, summarizeModel } from '../onnx/index.ts';
import { loadOnnxRuntime } from './onnxruntime.ts';

/** An input as plain data; onnxruntime's own Tensor has this shape too. */
export interface FeedTensor {
  type: string;
  data: TensorData;
  dims: readonly number[];
}
export type Feeds = Record<string, FeedTensor>;
export type Outputs = Record<
  string,
  {
    dims: readonly number[];
    type: string;
    data: TensorData;
  }
>;

/** Sizes for symbolic dims: by dim_param name (or "input[axis]") or by input name (a whole shape). */
export interface ShapeChoices {
  /** "N" → 1, "height" → 224 */
  dims?: Readonly<Record<string, number>>;
  /** "x" → [1, 3, 224, 224] */
  inputs?: Readonly<Record<string, readonly number[]>>;
}

/** The graph inputs that take data (initializers that are also inputs excluded), as the comparison plans them. */
export function inputSpecs(model: ModelProto): InputSpec[] {
  return summarizeModel(model).inputs.map((i) => ({ name: i.name, elemType: i.elemType ?? 0, dims: i.dims }));
}

/** Seeded random inputs for every graph input that is not an initializer (compare/plan.ts). */
export function randomFeeds(modelBytes: Uint8Array, seed = 1, choices: ShapeChoices = {}): Feeds {
  const planned = planInputs(inputSpecs(decodeModel(modelBytes)), {
    seed,
    inputScale: 1,
    sizes: choices.dims ?? {},
    shapes: choices.inputs ?? {},
    half: halfFloats(),
  });
  return Object.fromEntries(planned.map((p) => [p.name, { type: p.type, data: p.data, dims: p.dims }]));
}

/**
 * A model for onnxruntime-node: its bytes, or the path of its file. A model with external data
 * must be given by path: onnxruntime finds side files beside the model's file, and refuses them
 * for a model given as bytes (it would look in the working directory).
 */
export type ModelSource = Uint8Array | string;

/** Where a run failed: loading the model, or running it on the feeds. onnxruntime's message is kept. */
export class ModelRunError extends Error {
  readonly stage: 'load' | 'run';

  constructor(stage: 'load' | 'run', message: string) {
    super(message);
    this.name = 'ModelRunError';
    this.stage = stage;
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Runs a model on onnxruntime-node's CPU provider; graph optimizations off unless asked (they fuse
 * Conv+BN themselves). onnxruntime logs only fatal errors: a failure comes back as a
 * ModelRunError, and the caller says what it means.
 */
export async function runModel(
  model: ModelSource,
  feeds: Feeds,
  optimization: 'disabled' | 'all' = 'disabled',
): Promise<Outputs> {
  const ort = await loadOnnxRuntime();
  const options = { graphOptimizationLevel: optimization, logSeverityLevel: 4 as const };
  let session: Awaited<ReturnType<typeof ort.InferenceSession.create>>;
  try {
    session = await (typeof model === 'string'
      ? ort.InferenceSession.create(model, options)
      : ort.InferenceSession.create(model, options));
  } catch (error) {
    throw new ModelRunError('load', messageOf(error));
  }
  try {
    const tensors = Object.fromEntries(
      Object.entries(feeds).map(([name, t]) => [
        name,
        new ort.Tensor(t.type as 'float32', t.data as Float32Array, t.dims),
      ]),
    );
    let results: Awaited<ReturnType<typeof session.run>>;
    try {
      results = await session.run(tensors);
    } catch (error) {
      throw new ModelRunError('run', messageOf(error));
    }
    const out: Outputs = {};
    for (const name of session.outputNames) {
      const tensor = results[name];
      if (tensor) out[name] = { dims: tensor.dims, type: tensor.type, data: tensor.data as TensorData };
    }
    return out;
  } finally {
    await session.release();
  }
}
