import { basename } from 'node:path';
import type { InputSource } from '../compare/index.ts';
import { checkGraphs, decodeModel } from '../onnx/index.ts';
import type { Io } from './commands.ts';
import { readModelFile } from './files.ts';
import type { ShapeChoices } from './ort-runner.ts';
import { VERIFY_EXIT_CODE, type VerifyOptions, verifyModels } from './verify.ts';
import { formatVerify } from './verify-text.ts';

export interface CompareCommandOptions {
  json: boolean;
  seed: number;
  inputScale: number;
  shapes: ShapeChoices;
  /** Data for inputs by name (--input, --inputs); the others get seeded random data. */
  sources: Readonly<Record<string, InputSource>>;
  /** --atol/--rtol/--check-error-stat and --layers. */
  verifyWith?: Pick<VerifyOptions, 'check' | 'layers'>;
}

/** What the report calls the two files: their names, or their paths when the names are the same. */
function labelsOf(reference: string, actual: string): { reference: string; actual: string } {
  const a = basename(reference);
  const b = basename(actual);
  return a === b ? { reference, actual } : { reference: a, actual: b };
}

/**
 * `compare A B`: any two models (an exporter's and onnxslim's, two versions) run on the same
 * inputs, planned from A's graph inputs, and their outputs judged as `fuse --verify` judges
 * them; outputs are matched by name, else by position (said so). Both load from disk, with
 * their side files beside them. Exit codes as --verify: 0 pass, 1 fail, 3 inconclusive.
 */
export async function compareCommand(
  reference: string,
  actual: string,
  options: CompareCommandOptions,
  io: Io,
): Promise<number> {
  const bytes = await readModelFile(reference);
  // Graphs a user could not open in the page are refused here too, before onnxruntime sees them.
  checkGraphs(decodeModel(bytes));
  const labels = labelsOf(reference, actual);
  const report = await verifyModels(bytes, actual, {
    seed: options.seed,
    inputScale: options.inputScale,
    shapes: options.shapes,
    sources: options.sources,
    originalPath: reference,
    labels,
    ...options.verifyWith,
  });
  if (options.json) io.out(JSON.stringify({ reference, actual, ...report }, jsonNumbers, 2));
  else io.out(`compare ${labels.reference} (reference) with ${labels.actual}\n${formatVerify(report)}`);
  return VERIFY_EXIT_CODE[report.verdict];
}

/** Infinity and NaN are not JSON: written as strings, as the page's report does. */
function jsonNumbers(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? String(value) : value;
}
