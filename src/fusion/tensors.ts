import {
  isExternal,
  makeFloatTensor,
  readExternalBytes,
  readFloatValues,
  tensorDims,
  tensorStorage,
  writeExternalBytes,
} from '../onnx/index.ts';
import type { TensorProto } from '../onnx/types.ts';
import type { ResolvedConstant } from './constants.ts';

/** Side files being read from and appended to while fusing (location → bytes). */
export type MutableSideFiles = Map<string, Uint8Array>;

/** A constant's values as float64. */
export function constantValues(constant: ResolvedConstant, sideFiles: MutableSideFiles): Float64Array {
  const tensor = constant.tensor;
  return readFloatValues(tensor, isExternal(tensor) ? readExternalBytes(tensor, sideFiles) : undefined);
}

export function constantDims(constant: ResolvedConstant): number[] {
  return tensorDims(constant.tensor);
}

/**
 * A new tensor holding `values`, in the same element type and the same kind of storage as
 * `template`: raw_data, the typed field, or the same side file (appended to).
 */
export function tensorLike(
  template: TensorProto,
  name: string,
  dims: readonly number[],
  values: Float64Array,
  sideFiles: MutableSideFiles,
): TensorProto {
  const storage = tensorStorage(template);
  const tensor = makeFloatTensor({
    name,
    dataType: template.dataType ?? 0,
    dims,
    values,
    storage: storage === 'typed' ? 'typed' : 'raw',
  });
  if (storage === 'external') {
    const location = (template.externalData ?? []).find((e) => e.key === 'location')?.value ?? 'weights.bin';
    writeExternalBytes(tensor, tensor.rawData as Uint8Array, sideFiles, location);
  }
  return tensor;
}
