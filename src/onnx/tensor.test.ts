import { describe, expect, it } from 'vitest';
import { floatTensor } from '../fixtures/builder.ts';
import { decodeModel, encodeModel } from './codec.ts';
import { DataType } from './dtype.ts';
import { OnnxError } from './errors.ts';
import { numberToFloat16Bits } from './float16.ts';
import { Long, onnx } from './protobuf.ts';
import { makeFloatTensor, readFloatValues, tensorStorage, viewFloatTensor } from './tensor.ts';
import type { TensorProto } from './types.ts';

const VALUES = [0.5, -1.25, 3, 1e-3, -7.75, 100];
const TYPES = [
  ['float32', DataType.FLOAT],
  ['float16', DataType.FLOAT16],
  ['bfloat16', DataType.BFLOAT16],
  ['float64', DataType.DOUBLE],
] as const;

/** Copies `bytes` into a fresh buffer at `offset`, so raw_data starts at an unaligned address. */
function atOffset(bytes: Uint8Array, offset: number): Uint8Array {
  const buffer = new Uint8Array(bytes.length + offset);
  buffer.set(bytes, offset);
  return buffer.subarray(offset);
}

describe('float tensors', () => {
  describe.each(TYPES)('%s', (name, dataType) => {
    it.each(['raw', 'typed'] as const)('reads back what was written in %s storage', (storage) => {
      const tensor = makeFloatTensor({ name: 't', dataType, dims: [2, 3], values: VALUES, storage });
      expect(tensorStorage(tensor)).toBe(storage);
      const read = readFloatValues(tensor);
      // Every test value is exact in every type except 1e-3, which rounds.
      VALUES.forEach((v, i) => {
        expect(read[i]).toBeCloseTo(v, name === 'bfloat16' ? 1 : 2);
      });
      expect(read[0]).toBe(0.5);
    });

    it.each([0, 1, 2, 3, 5, 7])('reads raw_data at byte offset %i', (offset) => {
      const tensor = makeFloatTensor({ name: 't', dataType, dims: [6], values: VALUES, storage: 'raw' });
      const expected = readFloatValues(tensor);
      const shifted: TensorProto = { ...tensor, rawData: atOffset(tensor.rawData as Uint8Array, offset) };
      expect(readFloatValues(shifted)).toEqual(expected);
    });

    it('survives a model round trip in the same dtype and storage', () => {
      for (const storage of ['raw', 'typed'] as const) {
        const tensor = floatTensor('w', name, [6], VALUES, { storage });
        const model = new onnx.ModelProto({
          irVersion: Long.fromNumber(8),
          graph: { name: 'g', initializer: [tensor] },
        });
        const back = decodeModel(encodeModel(model)).graph?.initializer?.[0] as TensorProto;
        expect(back.dataType).toBe(dataType);
        expect(tensorStorage(back)).toBe(storage);
        expect(readFloatValues(back)).toEqual(readFloatValues(tensor));
      }
    });
  });

  it('views aligned raw_data without copying', () => {
    const tensor = makeFloatTensor({ name: 't', dataType: DataType.FLOAT, dims: [6], values: VALUES, storage: 'raw' });
    const raw = atOffset(tensor.rawData as Uint8Array, 8);
    const view = viewFloatTensor({ ...tensor, rawData: raw });
    expect(view.buffer).toBe(raw.buffer);
    expect(view.byteOffset).toBe(raw.byteOffset);
  });

  it('copies unaligned raw_data once, leaving the source untouched', () => {
    const tensor = makeFloatTensor({ name: 't', dataType: DataType.FLOAT, dims: [6], values: VALUES, storage: 'raw' });
    const raw = atOffset(tensor.rawData as Uint8Array, 3);
    const view = viewFloatTensor({ ...tensor, rawData: raw });
    expect(view.buffer).not.toBe(raw.buffer);
    expect(Array.from(view)).toEqual(VALUES.map((v) => Math.fround(v)));
  });

  it('keeps float16 bit patterns from int32_data', () => {
    const bits = VALUES.map(numberToFloat16Bits);
    const tensor: TensorProto = { name: 'h', dataType: DataType.FLOAT16, dims: [Long.fromNumber(6)], int32Data: bits };
    expect(Array.from(viewFloatTensor(tensor))).toEqual(bits);
  });

  it('writes float16 with round-to-nearest-even from float64', () => {
    const tensor = makeFloatTensor({
      name: 'h',
      dataType: DataType.FLOAT16,
      dims: [1],
      values: [1 + 2 ** -11 + 2 ** -40],
      storage: 'typed',
    });
    expect(tensor.int32Data).toEqual([0x3c01]);
  });

  it('rejects data shorter or longer than the dims', () => {
    const tensor = makeFloatTensor({
      name: 'short',
      dataType: DataType.FLOAT,
      dims: [6],
      values: VALUES,
      storage: 'raw',
    });
    const short = { ...tensor, rawData: (tensor.rawData as Uint8Array).subarray(0, 20) };
    expect(() => readFloatValues(short)).toThrow(expect.objectContaining({ code: 'TENSOR_DATA_SHORT' }));
    const long = { ...tensor, dims: [Long.fromNumber(5)] };
    expect(() => readFloatValues(long)).toThrow(expect.objectContaining({ code: 'TENSOR_DATA_LONG' }));
  });

  it('refuses non-float dtypes and negative dims with typed errors', () => {
    const ints: TensorProto = {
      name: 'i',
      dataType: DataType.INT64,
      dims: [Long.fromNumber(1)],
      int64Data: [Long.fromNumber(1)],
    };
    expect(() => readFloatValues(ints)).toThrow(OnnxError);
    expect(() => readFloatValues(ints)).toThrow(/int64/);
    const negative: TensorProto = { name: 'n', dataType: DataType.FLOAT, dims: [Long.fromNumber(-1)], floatData: [] };
    expect(() => readFloatValues(negative)).toThrow(expect.objectContaining({ code: 'INVALID_DIMS' }));
  });
});
