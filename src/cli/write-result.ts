import { dirname, join, resolve } from 'node:path';
import { type ModelProto, requiredSideFiles } from '../onnx/index.ts';
import { UsageError } from './errors.ts';
import { writeOutput } from './files.ts';
import type { ShapeChoices } from './ort-runner.ts';
import { type VerifyReport, verifyModels } from './verify.ts';

/** What `fuse` and `optimize` both do with a changed model: write it, then (if asked) verify it. */
export interface ChangedModel {
  /** The model file as given, and its bytes. */
  input: { path: string; bytes: Uint8Array; sideFiles: ReadonlyMap<string, Uint8Array>; missing: readonly string[] };
  output: string;
  model: ModelProto;
  /** The encoded model, as parts (the weights are views, not copies). */
  parts: readonly Uint8Array[];
  /** Side files after the change, by location. */
  sideFiles: ReadonlyMap<string, Uint8Array>;
}

/**
 * Writes the model, and beside it the side files it needs: new ones (changed weights), and
 * unchanged ones too when the output goes to another folder than the input.
 */
export async function writeChangedModel(changed: ChangedModel): Promise<void> {
  const { input, output } = changed;
  await writeOutput(output, changed.parts);
  const sameFolder = resolve(dirname(output)) === resolve(dirname(input.path));
  for (const location of requiredSideFiles(changed.model)) {
    const data = changed.sideFiles.get(location);
    if (data && (!sameFolder || input.sideFiles.get(location) !== data)) {
      await writeOutput(join(dirname(output), location), [data]);
    }
  }
}

/** Runs both models from disk, as written, so that side files are found beside each one. */
export async function verifyWritten(
  changed: Pick<ChangedModel, 'input' | 'output'>,
  options: { seed: number; shapes: ShapeChoices; inputScale?: number },
): Promise<VerifyReport> {
  const { input } = changed;
  if (input.missing.length > 0) {
    throw new UsageError(`cannot verify without the side files ${input.missing.join(', ')}`);
  }
  return verifyModels(input.bytes, changed.output, {
    seed: options.seed,
    shapes: options.shapes,
    originalPath: input.path,
    inputScale: options.inputScale ?? 1,
  });
}
