/**
 * `--verify` and `compare`: both models run with onnxruntime-node on inputs planned by the
 * comparison core, and judged by it. This file only orchestrates: read, plan, run, report.
 */

import {
  buildVerification,
  type InputSource,
  inputsRefused,
  type JudgeOptions,
  type OutputValues,
  outputNumbers,
  pairOutputs,
  planInputs,
  runTolerance,
  type Verdict,
  type VerificationReport,
} from '../compare/index.ts';
import type { LayerReport } from '../compare/layers.ts';
import { halfFloats } from '../onnx/float16.ts';
import { decodeModel, type ModelProto } from '../onnx/index.ts';
import { UsageError } from './errors.ts';
import { layersOfRun } from './layers.ts';
import {
  type Feeds,
  inputSpecs,
  ModelRunError,
  type ModelSource,
  type Outputs,
  runModel,
  type ShapeChoices,
} from './ort-runner.ts';

export interface VerifyReport extends VerificationReport {
  runtime: string;
  seed: number;
  /** Random float inputs were uniform in [-inputScale, inputScale). */
  inputScale: number;
  /** The two models, as the report calls them ("original"/"fused", or the files' names). */
  labels: { reference: string; actual: string };
  /** The other model could not run on inputs the reference ran on: onnxruntime's words (verdict fail). */
  actualFailed?: string;
  /** With --layers: every value both models have, compared (compare/layers.ts). */
  layers?: LayerReport;
}

/**
 * Exit codes of `fuse --verify` and `compare`: 0 when every output agrees, 1 when an output
 * differs beyond tolerance, 3 when nothing differs but some output is NaN/Inf in both models,
 * which proves nothing (2 is bad input, the inputs included). Inconclusive is never 0: a script
 * must not take it for a pass.
 */
export const VERIFY_EXIT_CODE: Readonly<Record<Verdict, number>> = { pass: 0, fail: 1, inconclusive: 3 };

/** How to give other inputs, with this tool's flags: said whenever the inputs are the problem. */
export const INPUT_ADVICE =
  'Give real inputs: --input NAME=FILE (.npy or .pb) or --input NAME=V,V,… per input, --inputs DIR (an ONNX test_data_set folder), or sizes with --shape NAME=D,D,… and --dim NAME=N.';

export interface VerifyOptions {
  seed?: number;
  shapes?: ShapeChoices;
  /** Data for inputs by name (files, values); the others get seeded random data. */
  sources?: Readonly<Record<string, InputSource>>;
  /** The reference model's path, to run it with its side files (its bytes still give its inputs). */
  originalPath?: string;
  inputScale?: number;
  labels?: { reference: string; actual: string };
  /** --atol, --rtol and --check-error-stat, for all outputs or by name. */
  check?: JudgeOptions;
  /** Compare every intermediate value both models have too (--layers). */
  layers?: boolean;
}

function values(outputs: Outputs): OutputValues[] {
  const half = halfFloats();
  return Object.entries(outputs).map(([name, o]) => ({
    name,
    type: o.type,
    dims: o.dims,
    values: outputNumbers(o.type, o.data, half),
  }));
}

/**
 * The inputs a verification feeds `model`: given data where the options give some, seeded random
 * data for the rest. A change command plans them before it writes anything, so that inputs that
 * do not fit the model are refused while nothing has been written.
 * @throws CompareError when a given input does not fit the model
 */
export function plannedInputs(model: ModelProto, options: VerifyOptions = {}): ReturnType<typeof planInputs> {
  return planInputs(inputSpecs(model), {
    seed: options.seed ?? 1,
    inputScale: options.inputScale ?? 1,
    sizes: options.shapes?.dims ?? {},
    shapes: options.shapes?.inputs ?? {},
    sources: options.sources ?? {},
    half: halfFloats(),
  });
}

/**
 * Runs the reference and the other model on the same planned inputs with onnxruntime-node (CPU,
 * graph optimizations disabled so that onnxruntime's own Conv+BN fusion does not hide a
 * difference) and compares their outputs, matched by name (else by position). A model given by
 * path is loaded as a user would, with its side files beside it.
 * @throws CompareError when the inputs do not fit the model or the reference cannot run on them;
 *   UsageError when a model cannot be loaded at all.
 */
export async function verifyModels(
  original: Uint8Array,
  other: ModelSource,
  options: VerifyOptions = {},
): Promise<VerifyReport> {
  const seed = options.seed ?? 1;
  const inputScale = options.inputScale ?? 1;
  const labels = options.labels ?? { reference: 'original', actual: 'fused' };
  const planned = plannedInputs(decodeModel(original), options);
  const feeds: Feeds = Object.fromEntries(planned.map((p) => [p.name, { type: p.type, data: p.data, dims: p.dims }]));
  const head = { runtime: 'onnxruntime-node (CPU, graph optimizations disabled)', seed, inputScale, labels };
  let before: Outputs;
  try {
    before = await runModel(options.originalPath ?? original, feeds);
  } catch (error) {
    if (error instanceof ModelRunError && error.stage === 'run') {
      throw inputsRefused(labels.reference, error.message, planned, INPUT_ADVICE);
    }
    throw loadFailure(labels.reference, error);
  }
  let after: Outputs;
  try {
    after = await runModel(other, feeds);
  } catch (error) {
    if (!(error instanceof ModelRunError && error.stage === 'run')) throw loadFailure(labels.actual, error);
    // The reference ran on these inputs and the other model did not: the models differ.
    const empty = buildVerification(planned, [], { pairs: [], onlyReference: [], onlyActual: [] }, labels);
    return { ...head, ...empty, verdict: 'fail', pass: false, actualFailed: error.message.split('\n')[0] ?? '' };
  }
  const { pairs, matching } = pairOutputs(values(before), values(after));
  const report = { ...head, ...buildVerification(planned, pairs, matching, labels, undefined, options.check) };
  if (!options.layers) return report;
  const reference = { bytes: original, ...(options.originalPath ? { path: options.originalPath } : {}) };
  return { ...report, ...(await layersOfRun(reference, other, feeds, runTolerance(pairs), options.check ?? {})) };
}

function loadFailure(model: string, error: unknown): Error {
  if (!(error instanceof ModelRunError)) return error instanceof Error ? error : new Error(String(error));
  return new UsageError(`onnxruntime-node cannot load the ${model} model: ${error.message.split('\n')[0]}`);
}
