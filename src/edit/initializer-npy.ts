import { dataTypeName } from '../onnx/dtype.ts';
import { OnnxError } from '../onnx/errors.ts';
import { isExternal, readExternalBytes } from '../onnx/external.ts';
import { encodeNpy, isNpyDataType } from '../onnx/npy.ts';
import type { ModelProto } from '../onnx/types.ts';
import { fromTensorProto } from '../optimize/evaluate/index.ts';
import { clip } from './refs.ts';
import type { EditSideFiles } from './result.ts';

/**
 * A main-graph initializer as a `.npy` file ("Save as .npy"), byte for byte as np.save writes the
 * same array, wherever the tensor keeps its values (raw_data, a typed field, a side file).
 * @throws OnnxError EDIT_NOT_FOUND, or NPY_UNSUPPORTED for types NumPy lacks (bfloat16, float8, strings).
 */
export function initializerNpy(model: ModelProto, sideFiles: EditSideFiles, name: string): Uint8Array {
  const tensor = (model.graph?.initializer ?? []).find((t) => t.name === name);
  if (!tensor) throw new OnnxError('EDIT_NOT_FOUND', `There is no initializer "${clip(name)}" in the main graph.`);
  const dataType = tensor.dataType ?? 0;
  if (!isNpyDataType(dataType)) {
    throw new OnnxError(
      'NPY_UNSUPPORTED',
      `"${clip(name)}" is ${dataTypeName(dataType)}, which NumPy has no dtype for.`,
    );
  }
  const external = isExternal(tensor) ? readExternalBytes(tensor, sideFiles) : undefined;
  const read = fromTensorProto(tensor, Number.POSITIVE_INFINITY, external);
  if (!read.ok) throw new OnnxError('CORRUPT', `"${clip(name)}" cannot be read: ${read.message}.`);
  const { data, dims } = read.tensor;
  return encodeNpy({ dataType, dims, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) });
}
