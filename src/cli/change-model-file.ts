import { basename, dirname, join, resolve } from 'node:path';
import type { InputSource } from '../compare/index.ts';
import { checkGraphs, decodeModel, filesToSave, type ModelProto, type SavedFile } from '../onnx/index.ts';
import { UsageError } from './errors.ts';
import { readModelFile, readSideFiles, writeOutput } from './files.ts';
import type { ShapeChoices } from './ort-runner.ts';
import { plannedInputs, type VerifyOptions, type VerifyReport, verifyModels } from './verify.ts';

/** What `fuse`, `optimize` and `edit` take alike: the output, --json, and --verify with its inputs and checks. */
export interface ChangeCommandOptions extends Omit<ChangeFileOptions, 'output'> {
  output?: string;
  json: boolean;
}

export interface ChangeFileOptions {
  output: string;
  verify: boolean;
  seed: number;
  shapes: ShapeChoices;
  inputScale?: number;
  /** Data for inputs by name (--input, --inputs); the others get seeded random data. */
  sources?: Readonly<Record<string, InputSource>>;
  /** --atol/--rtol/--check-error-stat and --layers for --verify. */
  verifyWith?: Pick<VerifyOptions, 'check' | 'layers'>;
}

/** What a change makes: the new model and its side files by location. */
export interface ChangedModel {
  model: ModelProto;
  sideFiles: ReadonlyMap<string, Uint8Array>;
}

/** Where the change may take its input's side files from, and whether it may overwrite them. */
export interface ChangeInput {
  model: ModelProto;
  sideFiles: Map<string, Uint8Array>;
  /**
   * Nothing reads the input model afterwards (--verify reads the original's inputs from its
   * bytes, so it keeps them): changed weights may take the place of the old ones.
   */
  overwriteInput: boolean;
}

export interface ChangedFile<R> {
  /** The model as read, and its file's size. */
  original: ModelProto;
  originalBytes: number;
  result: R;
  /** The written model file, as parts (its weights are views, not copies). */
  parts: readonly Uint8Array[];
  /** Every file written: the model first, then its side files. */
  files: readonly SavedFile[];
  /** From the model decoded to the output encoded. */
  elapsedMs: number;
  verify: VerifyReport | undefined;
}

/**
 * `fuse` and `optimize` alike: reads and checks the model (a graph with a cycle or a value read
 * but never written is refused, as in the app), applies `change`, writes the result with the
 * side files it needs, and with --verify runs both models from disk.
 */
export async function changeModelFile<R extends ChangedModel>(
  file: string,
  options: ChangeFileOptions,
  change: (input: ChangeInput) => R,
): Promise<ChangedFile<R>> {
  const bytes = await readModelFile(file);
  const original = decodeModel(bytes);
  checkGraphs(original);
  const { files, missing } = await readSideFiles(file, original);
  if (options.verify) {
    // Refused before anything is written: verifying needs every side file and inputs that fit.
    if (missing.length > 0) throw new UsageError(`cannot verify without the side files ${missing.join(', ')}`);
    plannedInputs(original, verifyOptions(options));
  }
  const started = performance.now();
  const result = change({ model: original, sideFiles: files, overwriteInput: !options.verify });
  // Saved by the page's rules: a recipe applied here and in the page gives the same bytes.
  const saved = filesToSave(basename(options.output), result.model, result.sideFiles);
  const elapsedMs = performance.now() - started;
  await writeSavedFiles(file, files, options.output, saved);
  let verify: VerifyReport | undefined;
  if (options.verify) {
    // Both from disk, as written: side files are found beside each model.
    verify = await verifyModels(bytes, options.output, { ...verifyOptions(options), originalPath: file });
  }
  return {
    original,
    originalBytes: bytes.length,
    result,
    parts: saved[0]?.parts ?? [],
    files: saved,
    elapsedMs,
    verify,
  };
}

function verifyOptions(options: ChangeFileOptions): VerifyOptions {
  return {
    seed: options.seed,
    shapes: options.shapes,
    inputScale: options.inputScale ?? 1,
    ...(options.sources ? { sources: options.sources } : {}),
    ...options.verifyWith,
  };
}

/**
 * Writes the saved files: the model at `output`, its side files beside it. A side file that is the
 * input's own, unchanged, is not written again over itself.
 */
async function writeSavedFiles(
  input: string,
  inputSideFiles: ReadonlyMap<string, Uint8Array>,
  output: string,
  saved: readonly SavedFile[],
): Promise<void> {
  const sameFolder = resolve(dirname(output)) === resolve(dirname(input));
  for (const [i, file] of saved.entries()) {
    if (i === 0) {
      await writeOutput(output, file.parts);
      continue;
    }
    const unchanged = file.parts.length === 1 && inputSideFiles.get(file.name) === file.parts[0];
    if (!(sameFolder && unchanged)) await writeOutput(join(dirname(output), file.name), file.parts);
  }
}
