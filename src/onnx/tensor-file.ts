/**
 * A serialized ONNX TensorProto as a file: the format of ONNX's own test data
 * (`test_data_set_0/input_0.pb`, written by `numpy_helper.from_array(...).SerializeToString()`).
 * A read tensor is given as its data type, dims and little-endian raw bytes, the same shape as a
 * parsed `.npy` array (npy.ts), whichever field the writer stored the values in.
 *
 * The file is untrusted: nothing is allocated past what its own bytes hold (dims that claim more
 * elements than the data has are refused before any output buffer is made).
 */
import { DataType, dataTypeInfo, dataTypeName } from './dtype.ts';
import { OnnxError } from './errors.ts';
import { createReader, Long, onnx } from './protobuf.ts';
import { tensorDims } from './shape.ts';
import type { TensorProto } from './types.ts';
import { scanTopLevel } from './wire.ts';

export interface TensorFile {
  /** The tensor's name ("" when the writer gave none): test data names the graph input it feeds. */
  name: string;
  /** ONNX TensorProto.DataType code. */
  dataType: number;
  dims: number[];
  /** Little-endian, C-order element bytes (what raw_data holds). */
  data: Uint8Array;
}

/** TensorProto's fields and the wire type each must have; repeated numeric fields may be packed (2) or not. */
const TENSOR_WIRE_TYPES: ReadonlyMap<number, readonly number[]> = new Map([
  [1, [0, 2]], // dims
  [2, [0]], // data_type
  [3, [2]], // segment
  [4, [2, 5]], // float_data
  [5, [0, 2]], // int32_data
  [6, [2]], // string_data
  [7, [0, 2]], // int64_data
  [8, [2]], // name
  [9, [2]], // raw_data
  [10, [2, 1]], // double_data
  [11, [0, 2]], // uint64_data
  [12, [2]], // doc_string
  [13, [2]], // external_data
  [14, [0]], // data_location
  [16, [2]], // metadata_props
]);

function notATensor(why: string): OnnxError {
  return new OnnxError('NOT_A_TENSOR', `This is not an ONNX tensor (.pb) file: ${why}.`);
}

/**
 * Reads a `.pb` file holding one TensorProto.
 * @throws OnnxError EMPTY_FILE, NOT_A_TENSOR (not protobuf, another message, cut short),
 *   UNSUPPORTED_DTYPE (strings, an unknown type), EXTERNAL_DATA_MISSING (values kept in a side
 *   file), INVALID_DIMS / TENSOR_TOO_LARGE, TENSOR_DATA_SHORT / TENSOR_DATA_LONG.
 */
export function decodeTensorFile(bytes: Uint8Array): TensorFile {
  if (bytes.length === 0) throw new OnnxError('EMPTY_FILE', 'The file is empty.');
  checkTensorShape(bytes);
  let tensor: TensorProto;
  try {
    tensor = onnx.TensorProto.decode(createReader(bytes));
  } catch (error) {
    throw notATensor(`its bytes do not decode (${error instanceof Error ? error.message : String(error)})`);
  }
  return tensorFileOf(tensor);
}

/**
 * Tells a tensor file from anything else by its top-level fields before decoding: a model file
 * (its graph is field 7, which TensorProto reads as int64_data) would otherwise decode as a
 * tensor of nonsense. A tensor file always has data_type (field 2) as a varint.
 */
function checkTensorShape(bytes: Uint8Array): void {
  const { fields, failure } = scanTopLevel(bytes);
  if (failure?.kind === 'past-end') {
    throw notATensor(`field ${failure.field} at byte ${failure.offset} runs past the end of the file (cut short?)`);
  }
  if (failure) throw notATensor(`${failure.what} at byte ${failure.offset}`);
  for (const { field, wireType, start } of fields) {
    const allowed = TENSOR_WIRE_TYPES.get(field);
    if (allowed && !allowed.includes(wireType)) {
      throw notATensor(`field ${field} at byte ${start} has the wrong wire type for a TensorProto (a model file?)`);
    }
  }
  if (!fields.some((f) => f.field === 2)) throw notATensor('it has no data_type');
}

/** The tensor's values as little-endian raw bytes, whichever field holds them. */
export function tensorFileOf(tensor: TensorProto): TensorFile {
  const name = tensor.name ?? '';
  const dataType = tensor.dataType ?? 0;
  const info = dataTypeInfo(dataType);
  if (!info || info.bits === 0 || info.bits % 8 !== 0) {
    throw new OnnxError(
      'UNSUPPORTED_DTYPE',
      `Tensor "${name}" is ${dataTypeName(dataType)}; a model input can be read from numeric and bool tensors only.`,
    );
  }
  if (tensor.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL) {
    throw new OnnxError(
      'EXTERNAL_DATA_MISSING',
      `Tensor "${name}" keeps its values in a side file; save the input with its values inside (raw_data).`,
    );
  }
  const dims = tensorDims(tensor);
  const width = info.bits / 8;
  const raw = tensor.rawData && tensor.rawData.length > 0 ? tensor.rawData : undefined;
  const held = raw ? raw.length / width : typedValues(tensor, info.field).length;
  // Checked against what the file holds before multiplying out: no buffer is sized by the dims.
  const count = countWithin(dims, held);
  if (count !== held) {
    const unit = raw ? `${raw.length} bytes` : `${held} values`;
    throw new OnnxError(
      count === undefined || held < count ? 'TENSOR_DATA_SHORT' : 'TENSOR_DATA_LONG',
      `Tensor "${name}" holds ${unit} but its dims [${dims.join(', ')}] of ${dataTypeName(dataType)} need ${count ?? 'more'}${raw ? ` × ${width} bytes` : ''}.`,
    );
  }
  const data = raw ? Uint8Array.prototype.slice.call(raw) : typedToBytes(tensor, dataType, count, width);
  return { name, dataType, dims, data };
}

/** The dims' product, or undefined as soon as it passes `limit` (never counted past what the file holds). */
function countWithin(dims: readonly number[], limit: number): number | undefined {
  if (dims.includes(0)) return 0;
  let count = 1;
  for (const d of dims) {
    count *= d;
    if (count > limit) return undefined;
  }
  return count;
}

type TypedValues = readonly (number | Long | string | Uint8Array)[];

function typedValues(tensor: TensorProto, field: string): TypedValues {
  return ((tensor as unknown as Record<string, TypedValues | undefined>)[field] ?? []) as TypedValues;
}

/** Values kept in float_data, int32_data, int64_data, double_data or uint64_data, as little-endian bytes. */
function typedToBytes(tensor: TensorProto, dataType: number, count: number, width: number): Uint8Array {
  const info = dataTypeInfo(dataType);
  const values = typedValues(tensor, info?.field ?? '');
  const out = new Uint8Array(count * width);
  const view = new DataView(out.buffer);
  for (let i = 0; i < count; i++) {
    const v = values[i] as number | Long;
    const at = i * width;
    switch (dataType) {
      case DataType.FLOAT:
        view.setFloat32(at, v as number, true);
        break;
      case DataType.DOUBLE:
        view.setFloat64(at, v as number, true);
        break;
      case DataType.INT64:
      case DataType.UINT64:
      case DataType.UINT32: {
        const long = Long.isLong(v) ? (v as Long) : Long.fromNumber(v as number);
        if (width === 4) view.setUint32(at, long.low >>> 0, true);
        else {
          view.setUint32(at, long.low >>> 0, true);
          view.setUint32(at + 4, long.high >>> 0, true);
        }
        break;
      }
      default: {
        // int32_data holds int8/16/32, uint8/16, bool and the 16-bit float patterns, each in its low bits.
        const n = v as number;
        if (width === 1) out[at] = dataType === DataType.BOOL ? (n ? 1 : 0) : n & 0xff;
        else if (width === 2) view.setUint16(at, n & 0xffff, true);
        else view.setInt32(at, n, true);
      }
    }
  }
  return out;
}

/**
 * Writes a tensor file as ONNX's numpy_helper does (values in raw_data), so what was saved reads
 * back the same.
 */
export function encodeTensorFile(file: TensorFile): Uint8Array {
  const tensor = new onnx.TensorProto({
    name: file.name,
    dataType: file.dataType,
    dims: file.dims.map((d) => Long.fromNumber(d)),
    rawData: file.data,
  });
  const bytes = onnx.TensorProto.encode(tensor).finish();
  return bytes.constructor === Uint8Array ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
