import {
  type Allocate,
  isExternal,
  makeFloatTensor,
  type Rescaler,
  readExternalBytes,
  readFloatValues,
  rescaler,
  tensorDims,
  tensorStorage,
  withSuffix,
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

/**
 * A constant's weights, to be rewritten in one pass over them where they are stored (over
 * themselves when `inPlace`: see `rescaler`).
 */
export function constantRescaler(
  constant: ResolvedConstant,
  sideFiles: MutableSideFiles,
  inPlace = false,
  allocate?: Allocate,
): Rescaler {
  const tensor = constant.tensor;
  return rescaler(tensor, isExternal(tensor) ? readExternalBytes(tensor, sideFiles) : undefined, inPlace, allocate);
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
  return storedLike(template, tensor, sideFiles);
}

/**
 * `tensor` (raw_data or a typed field, made for `template`) moved to a side file of its own
 * when `template` is stored in one; otherwise `tensor` as it is.
 */
export function storedLike(template: TensorProto, tensor: TensorProto, sideFiles: MutableSideFiles): TensorProto {
  if (tensorStorage(template) === 'external') {
    const location = (template.externalData ?? []).find((e) => e.key === 'location')?.value ?? 'weights.bin';
    const bytes = tensor.rawData as Uint8Array;
    writeExternalBytes(tensor, bytes, sideFiles, fusedLocation(location, bytes.length, sideFiles));
  }
  return tensor;
}

/** Fused weights go to new side files of about this size at most. */
const FUSED_FILE_BYTES = 256 * 1024 * 1024;

/**
 * Where a fused weight read from side file `location` is written: not appended to that file,
 * which may be gigabytes (growing it would copy it whole, and the original stays in the history
 * for undo), but to side files of its own next to it, "weights.fused-1.bin", "-2"… each kept
 * small, so that fusing costs memory for the new weights only.
 */
function fusedLocation(location: string, bytes: number, sideFiles: MutableSideFiles): string {
  const name = (n: number) => withSuffix(location, `.fused-${n}`);
  let n = 1;
  while (sideFiles.has(name(n + 1))) n++;
  const current = sideFiles.get(name(n));
  return current && current.length > 0 && current.length + bytes > FUSED_FILE_BYTES ? name(n + 1) : name(n);
}
