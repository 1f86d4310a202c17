import { cloneModel } from './clone.ts';
import { estimateEncodedSize, PROTOBUF_LIMIT_BYTES } from './codec.ts';
import { encodeModelParts } from './encode-parts.ts';
import { embedExternalData, requiredSideFiles } from './external.ts';
import { moveToSideFile, type SavedFile } from './save-external.ts';
import type { ModelProto } from './types.ts';

/**
 * How a model is saved, the same in the page and the CLI (so a recipe applied by either gives the
 * same bytes): one file when it fits in protobuf's 2 GiB, else a small model and side files.
 */

/** Keeps a margin under protobuf's 2 GiB: the size estimate is close, not exact. */
export const SINGLE_FILE_LIMIT = PROTOBUF_LIMIT_BYTES - 64 * 1024 * 1024;

/**
 * The files to save for `model` under the file name `name` . `name` alone, with any
 * external data embedded, when that fits in one protobuf file; past that, a small model plus
 * side files `<name>.data`, `-2.data`… of at most 1 GiB holding every initializer of
 * 1 KB or more (what onnx's `save_as_external_data` writes, and onnxruntime loads). When side
 * files were not supplied, the model keeps pointing at them and the ones at hand are saved
 * beside it. Files are parts whose weights are views of the model's tensors, not copies: saving a
 * model near 2 GB never holds its encoded file whole.
 * @param singleFileLimit models estimated at this size or more are split (a parameter so tests
 *   can exercise the split without writing gigabytes).
 */
export function filesToSave(
  name: string,
  model: ModelProto,
  sideFiles: ReadonlyMap<string, Uint8Array>,
  singleFileLimit = SINGLE_FILE_LIMIT,
): SavedFile[] {
  const needed = requiredSideFiles(model);
  if (!needed.every((f) => sideFiles.has(f))) {
    const files = [{ name, parts: encodeModelParts(model) }];
    for (const location of needed) {
      const data = sideFiles.get(location);
      if (data) files.push({ name: location, parts: [data] });
    }
    return files;
  }
  const sideBytes = needed.reduce((n, f) => n + (sideFiles.get(f)?.length ?? 0), 0);
  const fitsOneFile = estimateEncodedSize(model) + sideBytes < singleFileLimit;
  // The common case, a model without side files that fits: written as it is, with no copy.
  if (fitsOneFile && needed.length === 0) return [{ name, parts: encodeModelParts(model) }];
  const copy = cloneModel(model);
  if (fitsOneFile) {
    embedExternalData(copy, sideFiles);
    return [{ name, parts: encodeModelParts(copy) }];
  }
  // Moves the weights out of `copy` first: only then is it the small model to write.
  const data = moveToSideFile(copy, sideFiles, `${name}.data`);
  return [{ name, parts: encodeModelParts(copy) }, ...data];
}
