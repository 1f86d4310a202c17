import { describe, expect, it } from 'vitest';
import { float16BitsToNumber, numberToFloat16Bits } from '../onnx/float16.ts';
import { DataType } from '../onnx/index.ts';
import { parseNpy } from '../onnx/npy.ts';
import { npyFileName, tensorNpy } from './tensor-npy.ts';

describe('tensorNpy', () => {
  it('writes outputs as compared (numbers) back in their element type, read back exactly', () => {
    const f32 = parseNpy(tensorNpy('float32', [2, 2], [0.5, -1.25, 3, 1e-3]));
    expect(f32.dataType).toBe(DataType.FLOAT);
    expect(f32.dims).toEqual([2, 2]);
    expect([...new Float32Array(f32.data.slice().buffer)]).toEqual([...Float32Array.from([0.5, -1.25, 3, 1e-3])]);
    // float16 compared as decoded numbers goes back to the same bits.
    const bits = Uint16Array.from([0.1, -2, 65504].map(numberToFloat16Bits));
    const decoded = Array.from(bits, float16BitsToNumber);
    const f16 = parseNpy(tensorNpy('float16', [3], decoded));
    expect(f16.dataType).toBe(DataType.FLOAT16);
    expect([...new Uint16Array(f16.data.slice().buffer)]).toEqual([...bits]);
    const i64 = parseNpy(tensorNpy('int64', [2], [16000, -3]));
    expect([...new BigInt64Array(i64.data.slice().buffer)]).toEqual([16000n, -3n]);
  });

  it('writes inputs as fed, their own data', () => {
    const bools = parseNpy(tensorNpy('bool', [3], Uint8Array.from([1, 0, 1])));
    expect(bools.dataType).toBe(DataType.BOOL);
    expect([...bools.data]).toEqual([1, 0, 1]);
    const ids = parseNpy(tensorNpy('int64', [1], BigInt64Array.from([7n])));
    expect([...new BigInt64Array(ids.data.slice().buffer)]).toEqual([7n]);
  });

  it('names files safely', () => {
    expect(npyFileName('/features/conv:0', 'fused')).toBe('_features_conv_0.fused.npy');
    expect(npyFileName('..', 'input')).toBe('_.input.npy');
    expect(npyFileName('logits', 'net.onnx')).toBe('logits.net.onnx.npy');
  });
});
