import { isExternal, readExternalBytes, type SideFiles } from './external.ts';
import { onnx } from './protobuf.ts';
import type { ModelProto, TensorProto } from './types.ts';
import { listTensors } from './walk.ts';

/** Tensors smaller than this stay in the model, as onnx's own `save_as_external_data` does. */
export const EXTERNAL_THRESHOLD_BYTES = 1024;
/** Each tensor starts on such a boundary, so that readers may map the file and view it typed. */
const ALIGNMENT = 4096;

/**
 * Moves the bytes of every initializer of at least `threshold` bytes (stored as raw_data, or
 * already in a side file) into one new side file `location`, and points the tensors at it. The
 * result is a small model plus one data file, which is how a model past protobuf's 2 GiB limit
 * must be saved. Changes `model` in place (pass a clone); the data is allocated once, at its size.
 */
export function moveToSideFile(
  model: ModelProto,
  files: SideFiles,
  location: string,
  threshold = EXTERNAL_THRESHOLD_BYTES,
): Uint8Array {
  const moves: { tensor: TensorProto; bytes: Uint8Array; offset: number }[] = [];
  let size = 0;
  for (const { tensor, kind } of listTensors(model)) {
    if (kind !== 'initializer') continue;
    const bytes = isExternal(tensor) ? readExternalBytes(tensor, files) : tensor.rawData;
    if (!bytes || bytes.length < threshold) continue;
    const offset = Math.ceil(size / ALIGNMENT) * ALIGNMENT;
    moves.push({ tensor, bytes, offset });
    size = offset + bytes.length;
  }
  const data = new Uint8Array(size);
  for (const { tensor, bytes, offset } of moves) {
    data.set(bytes, offset);
    tensor.rawData = null;
    tensor.dataLocation = onnx.TensorProto.DataLocation.EXTERNAL;
    tensor.externalData = [
      { key: 'location', value: location },
      { key: 'offset', value: String(offset) },
      { key: 'length', value: String(bytes.length) },
    ];
  }
  return data;
}
