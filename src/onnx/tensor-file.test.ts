import { describe, expect, it } from 'vitest';
import { buildConvBn } from '../fixtures/models.ts';
import { encodeModel } from './codec.ts';
import { DataType } from './dtype.ts';
import { isOnnxError } from './errors.ts';
import { Long, onnx } from './protobuf.ts';
import { decodeTensorFile, encodeTensorFile } from './tensor-file.ts';

const bytesOf = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
const encode = (fields: ConstructorParameters<typeof onnx.TensorProto>[0]) =>
  onnx.TensorProto.encode(new onnx.TensorProto(fields)).finish();

function code(bytes: Uint8Array): string {
  try {
    decodeTensorFile(bytes);
  } catch (error) {
    if (isOnnxError(error)) return error.code;
    throw error;
  }
  return 'read';
}

describe('tensor files (.pb, as ONNX test data stores inputs)', () => {
  it('reads back what was written, raw_data as numpy_helper writes it', () => {
    const values = Float32Array.from([0.5, -1.25, 3, Number.NaN, 1e-30, -0]);
    const file = { name: 'input', dataType: DataType.FLOAT, dims: [2, 3], data: bytesOf(values) };
    const read = decodeTensorFile(encodeTensorFile(file));
    expect(read).toEqual({ ...file, data: bytesOf(values) });
  });

  it('reads values from the typed fields too, as little-endian bytes', () => {
    const int64 = decodeTensorFile(
      encode({ name: 'sr', dataType: DataType.INT64, int64Data: [Long.fromNumber(16000)] }),
    );
    expect(int64.dims).toEqual([]);
    expect(new BigInt64Array(int64.data.buffer)).toEqual(BigInt64Array.from([16000n]));
    const floats = decodeTensorFile(
      encode({ dataType: DataType.FLOAT, dims: [Long.fromNumber(2)], floatData: [1.5, -2] }),
    );
    expect(Array.from(new Float32Array(floats.data.buffer))).toEqual([1.5, -2]);
    const halfs = decodeTensorFile(
      encode({ dataType: DataType.FLOAT16, dims: [Long.fromNumber(2)], int32Data: [0x3c00, 0xc000] }),
    );
    expect(Array.from(new Uint16Array(halfs.data.buffer))).toEqual([0x3c00, 0xc000]);
    const bools = decodeTensorFile(
      encode({ dataType: DataType.BOOL, dims: [Long.fromNumber(3)], int32Data: [1, 0, 7] }),
    );
    expect(Array.from(bools.data)).toEqual([1, 0, 1]);
    const u32 = decodeTensorFile(
      encode({ dataType: DataType.UINT32, dims: [Long.fromNumber(1)], uint64Data: [Long.fromNumber(4e9)] }),
    );
    expect(Array.from(new Uint32Array(u32.data.buffer))).toEqual([4e9]);
  });

  it('refuses what is not a tensor, or lies about its size, with a typed error and no large allocation', () => {
    expect(code(new Uint8Array(0))).toBe('EMPTY_FILE');
    expect(code(new TextEncoder().encode('hello, world'))).toBe('NOT_A_TENSOR');
    expect(code(encodeModel(buildConvBn()))).toBe('NOT_A_TENSOR');
    // 2^40 elements claimed, 8 bytes held.
    const huge = encode({
      dataType: DataType.FLOAT,
      dims: [Long.fromNumber(2 ** 20), Long.fromNumber(2 ** 20)],
      rawData: new Uint8Array(8),
    });
    expect(code(huge)).toBe('TENSOR_DATA_SHORT');
    expect(code(encode({ dataType: DataType.FLOAT, dims: [Long.fromNumber(1)], rawData: new Uint8Array(8) }))).toBe(
      'TENSOR_DATA_LONG',
    );
    expect(code(encode({ dataType: DataType.FLOAT, dims: [Long.fromNumber(-1)], rawData: new Uint8Array(4) }))).toBe(
      'INVALID_DIMS',
    );
    expect(
      code(encode({ dataType: DataType.STRING, dims: [Long.fromNumber(1)], stringData: [new Uint8Array(1)] })),
    ).toBe('UNSUPPORTED_DTYPE');
    expect(code(encode({ dataType: DataType.FLOAT, dataLocation: 1 }))).toBe('EXTERNAL_DATA_MISSING');
    const written = encodeTensorFile({ name: 'x', dataType: DataType.FLOAT, dims: [4], data: new Uint8Array(16) });
    expect(code(written.subarray(0, written.length - 3))).toBe('NOT_A_TENSOR');
  });
});
