import { describe, expect, it } from 'vitest';
import { createRandom, uniform } from '../compare/random.ts';
import { DataType } from './dtype.ts';
import { Long } from './protobuf.ts';
import { rescaler } from './rescale.ts';
import {
  makeFloatTensor,
  ownLittleEndianBytes,
  readFloatValues,
  type StoredFloats,
  tensorStorage,
  viewFloatTensor,
  viewLittleEndian,
} from './tensor.ts';
import type { TensorProto } from './types.ts';

const TYPES = [
  ['float32', DataType.FLOAT],
  ['float16', DataType.FLOAT16],
  ['bfloat16', DataType.BFLOAT16],
  ['float64', DataType.DOUBLE],
] as const;

const COUNT = 60;
const RUN = 12;

/** Copies `bytes` into a fresh buffer at `offset`, so that they start at an unaligned address. */
function atOffset(bytes: Uint8Array, offset: number): Uint8Array {
  const buffer = new Uint8Array(bytes.length + offset);
  buffer.set(bytes, offset);
  return buffer.subarray(offset);
}

function sample(dataType: number, storage: 'raw' | 'typed', seed: number): TensorProto {
  const values = uniform(createRandom(seed), COUNT, -3, 3);
  return makeFloatTensor({ name: 'w', dataType, dims: [COUNT / RUN, RUN], values, storage });
}

/** What folding did before it worked in place: every value in float64, scaled, encoded anew. */
function reference(tensor: TensorProto, factors: Float64Array, externalBytes?: Uint8Array): TensorProto {
  const values = readFloatValues(tensor, externalBytes).map((v, k) => v * (factors[Math.floor(k / RUN)] as number));
  const storage = tensorStorage(tensor) === 'typed' ? 'typed' : 'raw';
  return makeFloatTensor({ name: 'out', dataType: tensor.dataType ?? 0, dims: [COUNT / RUN, RUN], values, storage });
}

function scaledByRuns(tensor: TensorProto, factors: Float64Array, externalBytes?: Uint8Array): TensorProto {
  const r = rescaler(tensor, externalBytes);
  for (let run = 0; run < COUNT / RUN; run++) r.scale(run * RUN, (run + 1) * RUN, factors[run] as number);
  return r.toTensor('out', [COUNT / RUN, RUN]);
}

describe.each(TYPES)('rescaling %s', (_name, dataType) => {
  const factors = uniform(createRandom(dataType), COUNT / RUN, -2, 2);

  it.each([0, 1, 2, 3, 5, 6, 7])('raw_data at byte offset %i: the same bytes as scaling float64 copies', (offset) => {
    const tensor = sample(dataType, 'raw', 40 + offset);
    const raw = atOffset(tensor.rawData as Uint8Array, offset);
    const before = Uint8Array.from(raw);
    const shifted: TensorProto = { ...tensor, rawData: raw };
    const out = scaledByRuns(shifted, factors);
    expect(out.rawData).toEqual(reference(shifted, factors).rawData);
    // The source is read where it is, never written.
    expect(raw).toEqual(before);
    // The result is its own buffer, exactly its size: nothing was copied on the way out.
    expect(out.rawData?.byteLength).toBe(out.rawData?.buffer.byteLength);
  });

  it('typed fields: the same values, in the same field', () => {
    const tensor = sample(dataType, 'typed', 50);
    const out = scaledByRuns(tensor, factors);
    const expected = reference(tensor, factors);
    expect(tensorStorage(out)).toBe('typed');
    expect([out.floatData, out.doubleData, out.int32Data]).toEqual([
      expected.floatData,
      expected.doubleData,
      expected.int32Data,
    ]);
  });

  it('side-file bytes: read from the bytes given, written as raw_data', () => {
    const stored = sample(dataType, 'raw', 60);
    const external: TensorProto = {
      ...stored,
      rawData: null,
      dataLocation: 1,
      externalData: [{ key: 'location', value: 'w.bin' }],
    };
    const bytes = atOffset(stored.rawData as Uint8Array, 3);
    expect(scaledByRuns(external, factors, bytes).rawData).toEqual(reference(external, factors, bytes).rawData);
  });

  it('strided scaling and sums read the original values in index order', () => {
    const tensor = sample(dataType, 'raw', 70);
    const shifted: TensorProto = { ...tensor, rawData: atOffset(tensor.rawData as Uint8Array, 1) };
    const values = readFloatValues(shifted);
    const r = rescaler(shifted);
    let expectedSum = 0;
    for (let k = 5; k < 17; k++) expectedSum += values[k] as number;
    expect(r.sum(5, 17)).toBe(expectedSum);
    // Column c of the [5, 12] matrix scaled by factor c, one strided pass per column.
    const columnFactors = uniform(createRandom(3), RUN, -2, 2);
    for (let c = 0; c < RUN; c++) r.scaleStrided(c, RUN, COUNT / RUN, columnFactors[c] as number);
    // Sums still read the original values after scaling.
    expect(r.sum(5, 17)).toBe(expectedSum);
    const out = r.toTensor('out', [COUNT / RUN, RUN]);
    const expected = makeFloatTensor({
      name: 'out',
      dataType,
      dims: [COUNT / RUN, RUN],
      values: values.map((v, k) => v * (columnFactors[k % RUN] as number)),
      storage: 'raw',
    });
    expect(out.rawData).toEqual(expected.rawData);
  });
});

describe('rescaling in place', () => {
  it.each(TYPES)('%s: the same bytes, written over the source; side files never', (_name, dataType) => {
    const factors = uniform(createRandom(dataType + 100), COUNT / RUN, -2, 2);
    const tensor = sample(dataType, 'raw', 90);
    const raw = atOffset(tensor.rawData as Uint8Array, 3);
    const shifted: TensorProto = { ...tensor, rawData: raw };
    const expected = reference(shifted, factors).rawData;
    const r = rescaler(shifted, undefined, true);
    for (let run = 0; run < COUNT / RUN; run++) r.scale(run * RUN, (run + 1) * RUN, factors[run] as number);
    const out = r.toTensor('out', [COUNT / RUN, RUN]);
    expect(out.rawData).toBe(raw);
    expect(raw).toEqual(expected);

    const bytes = atOffset(tensor.rawData as Uint8Array, 1);
    const before = Uint8Array.from(bytes);
    const external: TensorProto = { ...tensor, rawData: null, dataLocation: 1 };
    const e = rescaler(external, bytes, true);
    e.scale(0, COUNT, 2);
    expect(bytes).toEqual(before);
  });
});

describe('rescaler refuses what cannot be read', () => {
  it('names the dtype, the length and the missing side file', () => {
    const ints: TensorProto = { name: 'i', dataType: DataType.INT64, dims: [Long.fromNumber(2)], int64Data: [] };
    expect(() => rescaler(ints)).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_DTYPE' }));
    const tensor = sample(DataType.FLOAT, 'raw', 1);
    const short: TensorProto = { ...tensor, rawData: (tensor.rawData as Uint8Array).subarray(4) };
    expect(() => rescaler(short)).toThrow(expect.objectContaining({ code: 'TENSOR_DATA_SHORT' }));
    const external: TensorProto = { ...tensor, rawData: null, dataLocation: 1 };
    expect(() => rescaler(external)).toThrow(expect.objectContaining({ code: 'EXTERNAL_DATA_MISSING' }));
  });
});

describe('the big-endian host path (forced on this host)', () => {
  it.each(TYPES)('%s: writes and reads the same little-endian bytes as the little-endian path', (_name, dataType) => {
    const tensor = sample(dataType, 'raw', 80);
    const stored: StoredFloats = viewFloatTensor(tensor);
    expect(ownLittleEndianBytes(stored, false)).toEqual(ownLittleEndianBytes(stored, true));
    for (const offset of [0, 1, 2, 3]) {
      const raw = atOffset(tensor.rawData as Uint8Array, offset);
      expect(viewLittleEndian(dataType, raw, COUNT, false)).toEqual(viewLittleEndian(dataType, raw, COUNT, true));
    }
  });
});
