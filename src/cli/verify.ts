import { defaultTolerance, diffOutputs, type OutputDiff, type Tolerance } from '../compare/diff.ts';
import { explainDiff, overallVerdict, type Verdict, type VerdictNote } from '../compare/verdict.ts';
import { float16BitsToNumber, numberToFloat16Bits } from '../onnx/float16.ts';
import { type Feeds, type ModelSource, type Outputs, randomFeeds, runModel, type ShapeChoices } from './ort-runner.ts';

export interface OutputVerdict extends OutputDiff {
  name: string;
  type: string;
  dims: readonly number[];
  tolerance: Tolerance;
  /** Why the verdict is what it is when the figures alone would mislead (see compare/verdict.ts). */
  notes: VerdictNote[];
}

export interface VerifyReport {
  runtime: string;
  seed: number;
  /** Random float inputs were uniform in [-inputScale, inputScale). */
  inputScale: number;
  inputs: Record<string, readonly number[]>;
  outputs: OutputVerdict[];
  /** Any output failing fails; else any inconclusive output (NaN/Inf in both models) makes all inconclusive. */
  verdict: Verdict;
  /** verdict === 'pass', kept for readers of the JSON report. */
  pass: boolean;
}

/**
 * Exit codes of `fuse --verify`: 0 when every output agrees, 1 when an output differs beyond
 * tolerance, 3 when nothing differs but some output is NaN/Inf in both models, which proves
 * nothing (2 is bad input). Inconclusive is never 0: a script must not take it for a pass.
 */
export const VERIFY_EXIT_CODE: Readonly<Record<Verdict, number>> = { pass: 0, fail: 1, inconclusive: 3 };

/** Random float inputs, which randomFeeds makes in [-1, 1), stretched to [-scale, scale). */
function scaleFeeds(feeds: Feeds, scale: number): Feeds {
  if (scale === 1) return feeds;
  const scaled: Feeds = {};
  for (const [name, f] of Object.entries(feeds)) {
    if (f.type === 'float32') scaled[name] = { ...f, data: (f.data as Float32Array).map((v) => v * scale) };
    else if (f.type === 'float64') scaled[name] = { ...f, data: (f.data as Float64Array).map((v) => v * scale) };
    else if (f.type === 'float16') {
      const bits = f.data as Uint16Array;
      scaled[name] = { ...f, data: bits.map((b) => numberToFloat16Bits(float16BitsToNumber(b) * scale)) };
    } else scaled[name] = f;
  }
  return scaled;
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
  options: { seed?: number; shapes?: ShapeChoices; originalPath?: string; inputScale?: number } = {},
): Promise<VerifyReport> {
  const seed = options.seed ?? 1;
  const inputScale = options.inputScale ?? 1;
  const feeds = scaleFeeds(randomFeeds(original, seed, options.shapes), inputScale);
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
    const diff = diffOutputs(asNumbers(reference), asNumbers(actual), tolerance);
    return {
      name,
      type: reference.type,
      dims: reference.dims,
      tolerance,
      ...diff,
      notes: explainDiff(diff, tolerance),
    };
  });
  const verdict = overallVerdict(outputs.map((o) => o.verdict));
  return {
    runtime: 'onnxruntime-node (CPU, graph optimizations disabled)',
    seed,
    inputScale,
    inputs: Object.fromEntries(Object.entries(feeds).map(([k, v]) => [k, v.dims])),
    outputs,
    verdict,
    pass: verdict === 'pass',
  };
}
