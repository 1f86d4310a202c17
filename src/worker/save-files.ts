import { cloneModel } from '../fusion/clone.ts';
import {
  embedExternalData,
  encodeModel,
  estimateEncodedSize,
  moveToSideFile,
  PROTOBUF_LIMIT_BYTES,
  requiredSideFiles,
} from '../onnx/index.ts';
import type { ModelProto } from '../onnx/types.ts';

/** Keeps a margin under protobuf's 2 GiB: the size estimate is close, not exact. */
export const SINGLE_FILE_LIMIT = PROTOBUF_LIMIT_BYTES - 64 * 1024 * 1024;

/**
 * The files to save for `model` opened as `modelName`. `<name>.fused.onnx` alone, with any
 * external data embedded, when that fits in one protobuf file; past that, a small model plus
 * side files `<name>.fused.onnx.data`, `-2.data`… of at most 1 GiB holding every initializer of
 * 1 KB or more (what onnx's `save_as_external_data` writes, and onnxruntime loads). When side
 * files were not supplied, the model keeps pointing at them and the ones at hand are saved
 * beside it. Bytes are views, not copies.
 * @param singleFileLimit models estimated at this size or more are split (a parameter so tests
 *   can exercise the split without writing gigabytes).
 */
export function filesToSave(
  modelName: string,
  model: ModelProto,
  sideFiles: ReadonlyMap<string, Uint8Array>,
  singleFileLimit = SINGLE_FILE_LIMIT,
): { name: string; bytes: Uint8Array }[] {
  const name = `${modelName.replace(/\.onnx$/i, '')}.fused.onnx`;
  const needed = requiredSideFiles(model);
  if (!needed.every((f) => sideFiles.has(f))) {
    const files = [{ name, bytes: encodeModel(model) }];
    for (const location of needed) {
      const data = sideFiles.get(location);
      if (data) files.push({ name: location, bytes: data });
    }
    return files;
  }
  const sideBytes = needed.reduce((n, f) => n + (sideFiles.get(f)?.length ?? 0), 0);
  const copy = cloneModel(model);
  if (estimateEncodedSize(model) + sideBytes < singleFileLimit) {
    embedExternalData(copy, sideFiles);
    return [{ name, bytes: encodeModel(copy) }];
  }
  // Moves the weights out of `copy` first: only then is it the small model to write.
  const data = moveToSideFile(copy, sideFiles, `${name}.data`);
  return [{ name, bytes: encodeModel(copy) }, ...data];
}
