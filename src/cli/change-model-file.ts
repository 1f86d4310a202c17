import { dirname, join, resolve } from 'node:path';
import { checkGraphs, decodeModel, encodeModelParts, type ModelProto, requiredSideFiles } from '../onnx/index.ts';
import { UsageError } from './errors.ts';
import { readModelFile, readSideFiles, writeOutput } from './files.ts';
import type { ShapeChoices } from './ort-runner.ts';
import { type VerifyReport, verifyModels } from './verify.ts';

export interface ChangeFileOptions {
  output: string;
  verify: boolean;
  seed: number;
  shapes: ShapeChoices;
  inputScale?: number;
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
  /** The written model, as parts (its weights are views, not copies). */
  parts: readonly Uint8Array[];
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
  const started = performance.now();
  const result = change({ model: original, sideFiles: files, overwriteInput: !options.verify });
  const parts = encodeModelParts(result.model);
  const elapsedMs = performance.now() - started;
  await writeChangedModel(file, files, options.output, result, parts);
  let verify: VerifyReport | undefined;
  if (options.verify) {
    if (missing.length > 0) throw new UsageError(`cannot verify without the side files ${missing.join(', ')}`);
    // Both from disk, as written: side files are found beside each model.
    verify = await verifyModels(bytes, options.output, {
      seed: options.seed,
      shapes: options.shapes,
      originalPath: file,
      inputScale: options.inputScale ?? 1,
    });
  }
  return { original, originalBytes: bytes.length, result, parts, elapsedMs, verify };
}

/**
 * Writes the model, and beside it the side files it needs: new ones (changed weights), and
 * unchanged ones too when the output goes to another folder than the input.
 */
async function writeChangedModel(
  input: string,
  inputSideFiles: ReadonlyMap<string, Uint8Array>,
  output: string,
  changed: ChangedModel,
  parts: readonly Uint8Array[],
): Promise<void> {
  await writeOutput(output, parts);
  const sameFolder = resolve(dirname(output)) === resolve(dirname(input));
  for (const location of requiredSideFiles(changed.model)) {
    const data = changed.sideFiles.get(location);
    if (data && (!sameFolder || inputSideFiles.get(location) !== data)) {
      await writeOutput(join(dirname(output), location), [data]);
    }
  }
}
