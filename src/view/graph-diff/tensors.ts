import { DataType, dataTypeName, isExternal, readExternalBytes, type SideFiles, tensorDims } from '../../onnx/index.ts';
import type { TensorProto } from '../../onnx/types.ts';

/** How a stored tensor differs from another: nothing, its dtype, its dims, or its values. */
export type TensorChange = undefined | { change: 'dtype' | 'dims' | 'values'; from: string; to: string };

/** Side files of each model, for tensors stored outside the model file. */
export interface DiffSideFiles {
  original?: SideFiles;
  current?: SideFiles;
}

/**
 * Compares two stored tensors. The same object (an edit shares the weights it did not change) is
 * equal at once; otherwise dtype, dims, then the stored values: byte for byte when both are stored
 * as bytes, element by element when one is in typed fields (the same values stored two ways are
 * equal). A tensor whose bytes cannot be read (a side file not supplied) is compared by where it
 * points.
 */
export function tensorChange(a: TensorProto, b: TensorProto, files: DiffSideFiles = {}): TensorChange {
  if (a === b) return undefined;
  const typeA = dataTypeName(a.dataType ?? 0);
  const typeB = dataTypeName(b.dataType ?? 0);
  if (typeA !== typeB) return { change: 'dtype', from: typeA, to: typeB };
  const dimsA = safeDims(a);
  const dimsB = safeDims(b);
  if (dimsA !== dimsB) return { change: 'dims', from: `[${dimsA}]`, to: `[${dimsB}]` };
  if (sameValues(a, b, files)) return undefined;
  return { change: 'values', from: a.name ?? '', to: b.name ?? '' };
}

function safeDims(t: TensorProto): string {
  try {
    return tensorDims(t).join(',');
  } catch {
    return (t.dims ?? []).map(String).join(',');
  }
}

function sameValues(a: TensorProto, b: TensorProto, files: DiffSideFiles): boolean {
  const bytesA = storedBytes(a, files.original);
  const bytesB = storedBytes(b, files.current);
  if (bytesA === 'unreadable' || bytesB === 'unreadable') return sameExternalRef(a, b);
  if (bytesA && bytesB) return equalBytes(bytesA, bytesB);
  if (a.dataType === DataType.STRING) return equalStrings(a.stringData ?? [], b.stringData ?? []);
  const valuesA = bytesA ? decodeRaw(bytesA, a.dataType ?? 0) : typedValues(a);
  const valuesB = bytesB ? decodeRaw(bytesB, b.dataType ?? 0) : typedValues(b);
  if (!valuesA || !valuesB || valuesA.length !== valuesB.length) return false;
  for (let i = 0; i < valuesA.length; i++) {
    const x = valuesA[i];
    const y = valuesB[i];
    if (x !== y && !(Number.isNaN(x) && Number.isNaN(y))) return false;
  }
  return true;
}

/** The tensor's bytes when stored as bytes (raw_data or a side file); undefined when in typed fields. */
function storedBytes(t: TensorProto, files: SideFiles | undefined): Uint8Array | undefined | 'unreadable' {
  if (isExternal(t)) {
    try {
      return files ? readExternalBytes(t, files) : 'unreadable';
    } catch {
      return 'unreadable';
    }
  }
  return t.rawData && t.rawData.length > 0 ? t.rawData : undefined;
}

function sameExternalRef(a: TensorProto, b: TensorProto): boolean {
  const ref = (t: TensorProto) => (t.externalData ?? []).map((e) => `${e.key}=${e.value}`).join(';');
  return isExternal(a) && isExternal(b) && ref(a) === ref(b);
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function equalStrings(a: readonly Uint8Array[], b: readonly Uint8Array[]): boolean {
  return a.length === b.length && a.every((s, i) => equalBytes(s, b[i] ?? new Uint8Array()));
}

/** Element values from the typed fields, as numbers (int64 as approximate numbers: equal stays equal). */
function typedValues(t: TensorProto): number[] | undefined {
  switch (t.dataType) {
    case DataType.FLOAT:
    case DataType.COMPLEX64:
      return t.floatData ?? [];
    case DataType.DOUBLE:
    case DataType.COMPLEX128:
      return t.doubleData ?? [];
    case DataType.INT64:
      return (t.int64Data ?? []).map((v) => Number(typeof v === 'number' ? v : v.toString()));
    case DataType.UINT32:
    case DataType.UINT64:
      return (t.uint64Data ?? []).map((v) => Number(typeof v === 'number' ? v : v.toString()));
    default:
      // int32_data holds every narrower type (float16 and bfloat16 as their bits).
      return t.int32Data ?? [];
  }
}

/** Bytes as the element values typedValues gives for the same tensor stored in typed fields. */
function decodeRaw(bytes: Uint8Array, dataType: number): number[] | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const read = RAW_READERS[dataType];
  if (!read) return undefined;
  const out: number[] = [];
  for (let at = 0; at + read.size <= bytes.length; at += read.size) out.push(read.get(view, at));
  return out;
}

const RAW_READERS: Record<number, { size: number; get: (v: DataView, at: number) => number }> = {
  [DataType.FLOAT]: { size: 4, get: (v, at) => v.getFloat32(at, true) },
  [DataType.COMPLEX64]: { size: 4, get: (v, at) => v.getFloat32(at, true) },
  [DataType.DOUBLE]: { size: 8, get: (v, at) => v.getFloat64(at, true) },
  [DataType.COMPLEX128]: { size: 8, get: (v, at) => v.getFloat64(at, true) },
  [DataType.INT64]: { size: 8, get: (v, at) => Number(v.getBigInt64(at, true)) },
  [DataType.UINT64]: { size: 8, get: (v, at) => Number(v.getBigUint64(at, true)) },
  [DataType.UINT32]: { size: 4, get: (v, at) => v.getUint32(at, true) },
  [DataType.INT32]: { size: 4, get: (v, at) => v.getInt32(at, true) },
  [DataType.INT16]: { size: 2, get: (v, at) => v.getInt16(at, true) },
  [DataType.UINT16]: { size: 2, get: (v, at) => v.getUint16(at, true) },
  [DataType.FLOAT16]: { size: 2, get: (v, at) => v.getUint16(at, true) },
  [DataType.BFLOAT16]: { size: 2, get: (v, at) => v.getUint16(at, true) },
  [DataType.INT8]: { size: 1, get: (v, at) => v.getInt8(at) },
  [DataType.UINT8]: { size: 1, get: (v, at) => v.getUint8(at) },
  [DataType.BOOL]: { size: 1, get: (v, at) => v.getUint8(at) },
};
