import { DataType, dataTypeName, FLOAT_TYPES, rawByteLength } from './dtype.ts';
import { LITTLE_ENDIAN_HOST } from './endian.ts';
import { OnnxError } from './errors.ts';
import { bfloat16BitsToNumber, float16BitsToNumber, numberToBfloat16Bits, numberToFloat16Bits } from './float16.ts';
import { Long, onnx } from './protobuf.ts';
import { tensorDims, tensorElementCount } from './shape.ts';
import type { TensorProto } from './types.ts';

/** Where a tensor keeps its values. */
export type TensorStorage = 'raw' | 'typed' | 'external';

/** A float tensor's values exactly as stored: float16 and bfloat16 as their 16-bit patterns. */
export type StoredFloats = Float32Array | Float64Array | Uint16Array;

export function tensorStorage(tensor: TensorProto): TensorStorage {
  if (tensor.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL) return 'external';
  if (tensor.rawData && tensor.rawData.length > 0) return 'raw';
  return 'typed';
}

export function isFloatTensor(tensor: TensorProto): boolean {
  return FLOAT_TYPES.has(tensor.dataType ?? 0);
}

/** @returns the tensor's data type, checked to be one the core reads as numbers. */
function floatType(tensor: TensorProto): number {
  const dataType = tensor.dataType ?? 0;
  if (!FLOAT_TYPES.has(dataType)) {
    throw new OnnxError(
      'UNSUPPORTED_DTYPE',
      `Tensor "${tensor.name ?? ''}" is ${dataTypeName(dataType)}; only float32, float16, bfloat16 and float64 weights can be read as numbers.`,
    );
  }
  return dataType;
}

/**
 * A view of a float tensor's stored values. raw_data (or `externalBytes`, the tensor's bytes from
 * its side file) is viewed without copying when its offset is aligned on a little-endian host,
 * and copied once otherwise: protobuf puts raw_data at any byte offset.
 * @throws OnnxError when the dtype is not a float type or the data length disagrees with the dims.
 */
export function viewFloatTensor(tensor: TensorProto, externalBytes?: Uint8Array): StoredFloats {
  const dataType = floatType(tensor);
  const count = tensorElementCount(tensor);
  const raw = rawFloatBytes(tensor, externalBytes);
  return raw ? viewLittleEndian(dataType, raw, count) : typedFieldValues(tensor, dataType, count);
}

/**
 * The little-endian bytes of a float tensor stored in raw_data or a side file (`externalBytes`),
 * as they are (a view, never a copy), checked as {@link viewFloatTensor} checks them; undefined
 * when the tensor keeps its values in a typed field.
 * @throws OnnxError as {@link viewFloatTensor} does.
 */
export function rawFloatBytes(tensor: TensorProto, externalBytes?: Uint8Array): Uint8Array | undefined {
  const dataType = floatType(tensor);
  const storage = tensorStorage(tensor);
  if (storage === 'typed') return undefined;
  if (storage === 'external' && !externalBytes) {
    throw new OnnxError(
      'EXTERNAL_DATA_MISSING',
      `Tensor "${tensor.name ?? ''}" is stored in a side file that was not supplied.`,
    );
  }
  const bytes = (storage === 'external' ? externalBytes : tensor.rawData) ?? new Uint8Array(0);
  checkByteLength(tensor, dataType, bytes.length, tensorElementCount(tensor));
  return bytes;
}

/** A float tensor's values as float64 numbers (a fresh array the caller may change). */
export function readFloatValues(tensor: TensorProto, externalBytes?: Uint8Array): Float64Array {
  const stored = viewFloatTensor(tensor, externalBytes);
  if (stored instanceof Uint16Array) {
    const decode = tensor.dataType === DataType.FLOAT16 ? float16BitsToNumber : bfloat16BitsToNumber;
    const out = new Float64Array(stored.length);
    for (let i = 0; i < stored.length; i++) out[i] = decode(stored[i] as number);
    return out;
  }
  return Float64Array.from(stored);
}

function checkByteLength(tensor: TensorProto, dataType: number, actual: number, count: number): void {
  const expected = rawByteLength(dataType, count) ?? 0;
  if (actual !== expected) {
    throw new OnnxError(
      actual < expected ? 'TENSOR_DATA_SHORT' : 'TENSOR_DATA_LONG',
      `Tensor "${tensor.name ?? ''}" holds ${actual} bytes but its dims [${tensorDims(tensor).join(', ')}] of ${dataTypeName(dataType)} need ${expected}.`,
    );
  }
}

/**
 * Little-endian bytes as a typed array: viewed in place on a little-endian host when aligned.
 * `littleEndianHost` is the host's byte order; tests pass false to run the other hosts' path.
 */
export function viewLittleEndian(
  dataType: number,
  bytes: Uint8Array,
  count: number,
  littleEndianHost = LITTLE_ENDIAN_HOST,
): StoredFloats {
  const width = dataType === DataType.FLOAT ? 4 : dataType === DataType.DOUBLE ? 8 : 2;
  if (!littleEndianHost) return readWithDataView(dataType, bytes, count);
  // Uint8Array's own slice: on a Node Buffer, `bytes.slice()` would return a view, not a copy.
  const aligned = bytes.byteOffset % width === 0 ? bytes : Uint8Array.prototype.slice.call(bytes);
  const { buffer, byteOffset } = aligned;
  if (dataType === DataType.FLOAT) return new Float32Array(buffer, byteOffset, count);
  if (dataType === DataType.DOUBLE) return new Float64Array(buffer, byteOffset, count);
  return new Uint16Array(buffer, byteOffset, count);
}

function readWithDataView(dataType: number, bytes: Uint8Array, count: number): StoredFloats {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (dataType === DataType.FLOAT) return Float32Array.from({ length: count }, (_, i) => view.getFloat32(i * 4, true));
  if (dataType === DataType.DOUBLE) return Float64Array.from({ length: count }, (_, i) => view.getFloat64(i * 8, true));
  return Uint16Array.from({ length: count }, (_, i) => view.getUint16(i * 2, true));
}

/**
 * Checks that a float tensor holds exactly as many values as its dims need, as reading it would,
 * without reading or copying them: a fusion is only offered when its weights can be read.
 * `externalBytes` are the tensor's bytes from its side file (unchecked when not given).
 * @throws OnnxError as {@link viewFloatTensor} does.
 */
export function checkFloatTensorSize(tensor: TensorProto, externalBytes?: Uint8Array): void {
  const dataType = floatType(tensor);
  const count = tensorElementCount(tensor);
  const storage = tensorStorage(tensor);
  if (storage === 'external') {
    if (externalBytes) checkByteLength(tensor, dataType, externalBytes.length, count);
  } else if (storage === 'raw') {
    checkByteLength(tensor, dataType, tensor.rawData?.length ?? 0, count);
  } else {
    checkValueCount(tensor, typedField(tensor, dataType).length, count);
  }
}

function typedField(tensor: TensorProto, dataType: number): readonly number[] {
  const field =
    dataType === DataType.FLOAT
      ? tensor.floatData
      : dataType === DataType.DOUBLE
        ? tensor.doubleData
        : tensor.int32Data;
  return field ?? [];
}

function checkValueCount(tensor: TensorProto, held: number, count: number): void {
  if (held !== count) {
    throw new OnnxError(
      held < count ? 'TENSOR_DATA_SHORT' : 'TENSOR_DATA_LONG',
      `Tensor "${tensor.name ?? ''}" holds ${held} values but its dims [${tensorDims(tensor).join(', ')}] need ${count}.`,
    );
  }
}

function typedFieldValues(tensor: TensorProto, dataType: number, count: number): StoredFloats {
  const values = typedField(tensor, dataType);
  checkValueCount(tensor, values.length, count);
  if (dataType === DataType.FLOAT) return Float32Array.from(values);
  if (dataType === DataType.DOUBLE) return Float64Array.from(values);
  // float16 and bfloat16 bit patterns sit in the low 16 bits of int32_data.
  const bits = new Uint16Array(count);
  for (let i = 0; i < count; i++) bits[i] = (values[i] as number) & 0xffff;
  return bits;
}

export interface FloatTensorSpec {
  name: string;
  dataType: number;
  dims: readonly number[];
  values: ArrayLike<number>;
  /** 'raw' writes raw_data (little-endian); 'typed' writes float_data, int32_data or double_data. */
  storage: 'raw' | 'typed';
}

/** Encodes float64 values as a new tensor of `dataType`, rounding to nearest even when narrowing. */
export function makeFloatTensor(spec: FloatTensorSpec): TensorProto {
  const { name, dataType, dims, values, storage } = spec;
  if (!FLOAT_TYPES.has(dataType)) {
    throw new OnnxError('UNSUPPORTED_DTYPE', `Cannot write ${dataTypeName(dataType)} values as floats.`);
  }
  const tensor = new onnx.TensorProto({ name, dataType, dims: dims.map((d) => Long.fromNumber(d)) });
  const stored = encodeStored(dataType, values);
  if (storage === 'raw') {
    tensor.rawData = ownLittleEndianBytes(stored);
  } else if (stored instanceof Float32Array) {
    tensor.floatData = Array.from(stored);
  } else if (stored instanceof Float64Array) {
    tensor.doubleData = Array.from(stored);
  } else {
    tensor.int32Data = Array.from(stored);
  }
  return tensor;
}

/** Encodes float64 values into the stored form of `dataType`. */
export function encodeStored(dataType: number, values: ArrayLike<number>): StoredFloats {
  if (dataType === DataType.FLOAT) return Float32Array.from(values);
  if (dataType === DataType.DOUBLE) return Float64Array.from(values);
  const encode = dataType === DataType.FLOAT16 ? numberToFloat16Bits : numberToBfloat16Bits;
  const bits = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) bits[i] = encode(values[i] as number);
  return bits;
}

/**
 * The bytes of a typed array that owns its whole buffer (a fresh one), in little-endian order:
 * its own memory on a little-endian host (no copy), a copy in that order on other hosts.
 * `littleEndianHost` is the host's byte order; tests pass false to run the other hosts' path.
 */
export function ownLittleEndianBytes(stored: StoredFloats, littleEndianHost = LITTLE_ENDIAN_HOST): Uint8Array {
  if (littleEndianHost) return new Uint8Array(stored.buffer, stored.byteOffset, stored.byteLength);
  const out = new Uint8Array(stored.byteLength);
  const view = new DataView(out.buffer);
  stored.forEach((v, i) => {
    if (stored instanceof Float32Array) view.setFloat32(i * 4, v, true);
    else if (stored instanceof Float64Array) view.setFloat64(i * 8, v, true);
    else view.setUint16(i * 2, v, true);
  });
  return out;
}
