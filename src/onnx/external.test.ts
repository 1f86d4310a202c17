import { describe, expect, it } from 'vitest';
import { floatTensor } from '../fixtures/builder.ts';
import { decodeModel, encodeModel } from './codec.ts';
import {
  embedExternalData,
  externalDataRef,
  isExternal,
  readExternalBytes,
  requiredSideFiles,
  writeExternalBytes,
} from './external.ts';
import { Long, onnx } from './protobuf.ts';
import { readFloatValues } from './tensor.ts';
import type { ModelProto, TensorProto } from './types.ts';

function modelWith(tensors: TensorProto[]): ModelProto {
  return new onnx.ModelProto({ irVersion: Long.fromNumber(8), graph: { name: 'g', initializer: tensors } });
}

function externalTensor(name: string, entries: Record<string, string>): TensorProto {
  return {
    name,
    dataType: onnx.TensorProto.DataType.FLOAT,
    dims: [Long.fromNumber(2)],
    dataLocation: onnx.TensorProto.DataLocation.EXTERNAL,
    externalData: Object.entries(entries).map(([key, value]) => ({ key, value })),
  };
}

describe('external data', () => {
  it('moves tensors to side files and back, through an encode/decode', () => {
    const a = floatTensor('a', 'float32', [3], [1, 2, 3]);
    const b = floatTensor('b', 'float16', [2], [0.5, -4]);
    const files = new Map<string, Uint8Array>();
    writeExternalBytes(a, a.rawData as Uint8Array, files, 'weights.bin');
    writeExternalBytes(b, b.rawData as Uint8Array, files, 'weights.bin');
    const model = decodeModel(encodeModel(modelWith([a, b])));
    expect(requiredSideFiles(model)).toEqual(['weights.bin']);
    const [da, db] = model.graph?.initializer ?? [];
    expect(isExternal(da as TensorProto)).toBe(true);
    expect(externalDataRef(db as TensorProto).offset % 64).toBe(0);
    expect(Array.from(readFloatValues(da as TensorProto, readExternalBytes(da as TensorProto, files)))).toEqual([
      1, 2, 3,
    ]);

    embedExternalData(model, files);
    const embedded = decodeModel(encodeModel(model));
    expect(requiredSideFiles(embedded)).toEqual([]);
    expect(Array.from(readFloatValues(embedded.graph?.initializer?.[1] as TensorProto))).toEqual([0.5, -4]);
  });

  it('uses the size from the dims when length is absent', () => {
    const t = externalTensor('t', { location: 'w.bin', offset: '4' });
    expect(externalDataRef(t)).toEqual({ location: 'w.bin', offset: 4, length: 8 });
  });

  it.each([
    [{ offset: '0' }, /names no location/],
    [{ location: '/etc/passwd' }, /not a path inside/],
    [{ location: '../../secret.bin' }, /not a path inside/],
    [{ location: 'C:\\weights.bin' }, /not a path inside/],
    [{ location: 'w.bin', offset: '-5' }, /offset/],
    [{ location: 'w.bin', length: 'many' }, /length/],
  ])('rejects a bad reference %j', (entries, message) => {
    expect(() => externalDataRef(externalTensor('t', entries))).toThrow(message);
    expect(() => decodeModel(encodeModel(modelWith([externalTensor('t', entries)])))).toThrow(
      expect.objectContaining({ code: 'EXTERNAL_DATA_INVALID' }),
    );
  });

  it('says which side file is missing and when a range runs past its end', () => {
    const t = externalTensor('t', { location: 'w.bin', offset: '16', length: '8' });
    expect(() => readExternalBytes(t, new Map())).toThrow(expect.objectContaining({ code: 'EXTERNAL_DATA_MISSING' }));
    expect(() => readExternalBytes(t, new Map([['w.bin', new Uint8Array(20)]]))).toThrow(
      expect.objectContaining({ code: 'EXTERNAL_DATA_OUT_OF_RANGE' }),
    );
    const bytes = readExternalBytes(t, new Map([['w.bin', new Uint8Array(24)]]));
    expect(bytes.byteOffset).toBe(16);
  });
});
