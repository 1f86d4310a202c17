import { isExternal, pointAtSideFile, readExternalBytes, type SideFiles, withSuffix } from './external.ts';
import type { ModelProto, TensorProto } from './types.ts';
import { listTensors } from './walk.ts';

/** A file to save, as parts to write one after the other (views of tensors, not copies). */
export interface SavedFile {
  name: string;
  parts: Uint8Array[];
}

/** Tensors smaller than this stay in the model, as onnx's own `save_as_external_data` does. */
export const EXTERNAL_THRESHOLD_BYTES = 1024;
/** Each tensor starts on such a boundary, so that readers may map the file and view it typed. */
const ALIGNMENT = 4096;

/**
 * Side files are kept under this size: Chromium cannot save a Blob download much past 2 GB (it
 * cancels it), and onnxruntime reads any number of side files.
 */
export const SIDE_FILE_MAX_BYTES = 2 ** 30;

/**
 * Moves the bytes of every initializer of at least `threshold` bytes (stored as raw_data, or
 * already in a side file) into new side files, and points the tensors at them: `location`, then
 * `location` with "-2", "-3"… before its extension once a file would pass `maxFileBytes`. The
 * result is a small model plus its data files, which is how a model past protobuf's 2 GiB limit
 * must be saved. Changes `model` in place (pass a clone). The files are parts: views of the
 * tensors' bytes with zeros between them, so nothing is copied until they are written.
 */
export function moveToSideFile(
  model: ModelProto,
  files: SideFiles,
  location: string,
  threshold = EXTERNAL_THRESHOLD_BYTES,
  maxFileBytes = SIDE_FILE_MAX_BYTES,
): SavedFile[] {
  const planned: { name: string; size: number; moves: { tensor: TensorProto; bytes: Uint8Array; offset: number }[] }[] =
    [];
  for (const { tensor, kind } of listTensors(model)) {
    if (kind !== 'initializer') continue;
    const bytes = isExternal(tensor) ? readExternalBytes(tensor, files) : tensor.rawData;
    if (!bytes || bytes.length < threshold) continue;
    let file = planned.at(-1);
    if (!file || (file.size > 0 && aligned(file.size) + bytes.length > maxFileBytes)) {
      file = { name: numbered(location, planned.length + 1), size: 0, moves: [] };
      planned.push(file);
    }
    const offset = aligned(file.size);
    file.moves.push({ tensor, bytes, offset });
    file.size = offset + bytes.length;
  }
  return planned.map(({ name, moves }) => {
    const parts: Uint8Array[] = [];
    let at = 0;
    for (const { tensor, bytes, offset } of moves) {
      if (offset > at) parts.push(ZEROS.subarray(0, offset - at));
      parts.push(bytes);
      at = offset + bytes.length;
      pointAtSideFile(tensor, name, offset, bytes.length);
    }
    return { name, parts };
  });
}

const ZEROS = new Uint8Array(ALIGNMENT);
const aligned = (size: number) => Math.ceil(size / ALIGNMENT) * ALIGNMENT;

/** "m.onnx.data" for the first file, "m.onnx-2.data" for the second, and so on. */
function numbered(location: string, n: number): string {
  return n === 1 ? location : withSuffix(location, `-${n}`);
}
