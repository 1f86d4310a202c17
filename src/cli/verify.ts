import { defaultTolerance, diffOutputs, type OutputDiff, type Tolerance } from '../compare/diff.ts';
import { float16BitsToNumber } from '../onnx/float16.ts';
import { type ModelSource, type Outputs, randomFeeds, runModel, type ShapeChoices } from './ort-runner.ts';

export interface OutputVerdict extends OutputDiff {
  name: string;
  type: string;
  dims: readonly number[];
  tolerance: Tolerance;
}

export interface VerifyReport {
  runtime: string;
  seed: number;
  inputs: Record<string, readonly number[]>;
  outputs: OutputVerdict[];
  pass: boolean;
}

function asNumbers(output: Outputs[string]): ArrayLike<number> {
  if (output.type === 'float16') return Float64Array.from(output.data as Uint16Array, float16BitsToNumber);
  if (output.data instanceof BigInt64Array) return Float64Array.from(output.data, Number);
  return output.data as ArrayLike<number>;
}

function toleranceFor(type: string): Tolerance {
  // Integer and boolean outputs must match exactly.
  return type.startsWith('float') ? defaultTolerance(type === 'float32' ? 'float32' : type) : { atol: 0, rtol: 0 };
}

/**
 * Runs the original and the fused model on the same seeded random inputs with onnxruntime-node
 * (CPU, graph optimizations disabled so that onnxruntime's own Conv+BN fusion does not hide a
 * difference) and compares every output. A model given by path (the fused one, or the original
 * through `originalPath`) is loaded as a user would, with its side files beside it.
 */
export async function verifyModels(
  original: Uint8Array,
  fused: ModelSource,
  options: { seed?: number; shapes?: ShapeChoices; originalPath?: string } = {},
): Promise<VerifyReport> {
  const seed = options.seed ?? 1;
  const feeds = randomFeeds(original, seed, options.shapes);
  const before = await runModel(options.originalPath ?? original, feeds);
  const after = await runModel(fused, feeds);
  const outputs: OutputVerdict[] = Object.entries(before).map(([name, reference]) => {
    const actual = after[name];
    const tolerance = toleranceFor(reference.type);
    if (!actual) throw new Error(`the fused model has no output "${name}"`);
    if (actual.dims.join() !== reference.dims.join()) {
      throw new Error(
        `output "${name}" changed shape from [${reference.dims.join(', ')}] to [${actual.dims.join(', ')}]`,
      );
    }
    return {
      name,
      type: reference.type,
      dims: reference.dims,
      tolerance,
      ...diffOutputs(asNumbers(reference), asNumbers(actual), tolerance),
    };
  });
  return {
    runtime: 'onnxruntime-node (CPU, graph optimizations disabled)',
    seed,
    inputs: Object.fromEntries(Object.entries(feeds).map(([k, v]) => [k, v.dims])),
    outputs,
    pass: outputs.every((o) => o.pass),
  };
}
