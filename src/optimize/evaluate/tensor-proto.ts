import { DataType, dataTypeName } from '../../onnx/dtype.ts';
import { LITTLE_ENDIAN_HOST } from '../../onnx/endian.ts';
import { int64ToApproxNumber, Long } from '../../onnx/index.ts';
import { tensorStorage } from '../../onnx/tensor.ts';
import type { Int64, TensorProto } from '../../onnx/types.ts';
import {
  allocateData,
  type ConstTensor,
  checkedCount,
  DEFAULT_MAX_BYTES,
  EvalRefusal,
  elementBytes,
  type RefusalReason,
  refuse,
  type TensorData,
} from './const-tensor.ts';

export type ReadResult = { ok: true; tensor: ConstTensor } | { ok: false; reason: RefusalReason; message: string };

/**
 * {@link tensorFromProto} that never throws: a tensor the evaluator cannot read comes back as a
 * refusal (NOT_CONSTANT, UNSUPPORTED_OP, TOO_LARGE or INVALID) with a sentence.
 */
export function fromTensorProto(
  tensor: TensorProto,
  maxBytes = DEFAULT_MAX_BYTES,
  externalBytes?: Uint8Array,
): ReadResult {
  try {
    return { ok: true, tensor: tensorFromProto(tensor, maxBytes, externalBytes) };
  } catch (error) {
    if (error instanceof EvalRefusal) return { ok: false, reason: error.reason, message: error.message };
    return { ok: false, reason: 'INVALID', message: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * A TensorProto's values as a {@link ConstTensor} (a fresh copy: the model is never aliased).
 * Reads raw_data (little-endian) or the typed field the IR assigns to the type (float_data,
 * double_data, int32_data for the narrow types and 16-bit floats, int64_data, uint64_data).
 * `externalBytes` are the tensor's bytes from its side file, when it has one.
 * @throws EvalRefusal NOT_CONSTANT for a side file not supplied, UNSUPPORTED_OP for strings and
 *   other types the evaluator does not handle, TOO_LARGE over `maxBytes`, INVALID when the data
 *   length disagrees with the dims.
 */
export function tensorFromProto(
  tensor: TensorProto,
  maxBytes = DEFAULT_MAX_BYTES,
  externalBytes?: Uint8Array,
): ConstTensor {
  const dataType = tensor.dataType ?? 0;
  const dims = (tensor.dims ?? []).map((d: Int64) => int64ToApproxNumber(d));
  const count = checkedCount(dataType, dims, maxBytes);
  const storage = tensorStorage(tensor);
  if (storage === 'external' && !externalBytes) refuse('NOT_CONSTANT', 'tensor data is in a side file not supplied');
  const bytes = storage === 'external' ? externalBytes : storage === 'raw' ? tensor.rawData : undefined;
  if (bytes) return { dataType, dims, data: fromLittleEndian(dataType, bytes, count) };
  return { dataType, dims, data: fromTypedField(tensor, dataType, count) };
}

function fromLittleEndian(dataType: number, bytes: Uint8Array, count: number): TensorData {
  const width = elementBytes(dataType) as number;
  if (bytes.length !== count * width) {
    refuse('INVALID', `raw data holds ${bytes.length} bytes, ${count} ${dataTypeName(dataType)} need ${count * width}`);
  }
  const data = allocateData(dataType, count);
  const target = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (LITTLE_ENDIAN_HOST || width === 1) {
    target.set(bytes);
  } else {
    // Big-endian host: reverse each element's bytes.
    for (let i = 0; i < count; i++) {
      for (let b = 0; b < width; b++) target[i * width + b] = bytes[i * width + width - 1 - b] as number;
    }
  }
  return data;
}

function fromTypedField(tensor: TensorProto, dataType: number, count: number): TensorData {
  const data = allocateData(dataType, count);
  const field: readonly (number | Int64)[] =
    dataType === DataType.FLOAT
      ? (tensor.floatData ?? [])
      : dataType === DataType.DOUBLE
        ? (tensor.doubleData ?? [])
        : dataType === DataType.INT64
          ? (tensor.int64Data ?? [])
          : dataType === DataType.UINT32 || dataType === DataType.UINT64
            ? (tensor.uint64Data ?? [])
            : (tensor.int32Data ?? []);
  if (field.length !== count) refuse('INVALID', `typed field holds ${field.length} values, dims need ${count}`);
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
    const signed = data instanceof BigInt64Array;
    field.forEach((v, i) => {
      const big = typeof v === 'number' ? BigInt(v) : BigInt(v.toString());
      data[i] = signed ? BigInt.asIntN(64, big) : BigInt.asUintN(64, big);
    });
  } else {
    const isBits = dataType === DataType.FLOAT16 || dataType === DataType.BFLOAT16;
    field.forEach((v, i) => {
      const n = typeof v === 'number' ? v : int64ToApproxNumber(v);
      data[i] = isBits ? n & 0xffff : n;
    });
  }
  return data;
}

/** A TensorProto holding `t`'s values in raw_data (little-endian), named `name`. */
export function toTensorProto(name: string, t: ConstTensor): TensorProto {
  const { data } = t;
  const width = elementBytes(t.dataType) ?? 1;
  const view = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  let rawData: Uint8Array;
  if (LITTLE_ENDIAN_HOST || width === 1) {
    rawData = Uint8Array.prototype.slice.call(view);
  } else {
    rawData = new Uint8Array(view.length);
    for (let i = 0; i < view.length; i += width) {
      for (let b = 0; b < width; b++) rawData[i + b] = view[i + width - 1 - b] as number;
    }
  }
  return { name, dataType: t.dataType, dims: t.dims.map((d) => Long.fromNumber(d)), rawData };
}
