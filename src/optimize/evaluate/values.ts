import { DataType } from '../../onnx/dtype.ts';
import { float16Decoder, numberToBfloat16Bits, numberToFloat16Bits } from '../../onnx/float16.ts';
import type { ConstTensor, TensorData } from './const-tensor.ts';

/** Element values as JavaScript arithmetic sees them: numbers, or bigints for 64-bit integers. */
export type Values = ArrayLike<number> | BigInt64Array | BigUint64Array;

/** A tensor's values for arithmetic: 16-bit floats decoded to float64, the rest as stored. */
export function valuesOf(t: ConstTensor): Values {
  if (t.dataType === DataType.FLOAT16 || t.dataType === DataType.BFLOAT16) {
    const table = float16Decoder(t.dataType === DataType.FLOAT16 ? 'f16' : 'bf16');
    return Float64Array.from(t.data as Uint16Array, (bits) => table[bits] as number);
  }
  return t.data as Values;
}

/**
 * Stores `value` (a number, or a bigint for 64-bit integer types) at `i` of `data`, as the
 * element type rounds it: float32 to nearest even by the typed array, 16-bit floats by the
 * encoders, narrow integers wrapped modulo 2^bits (C++'s two's complement behaviour).
 */
export function store(dataType: number, data: TensorData, i: number, value: number | bigint): void {
  if (dataType === DataType.FLOAT16) data[i] = numberToFloat16Bits(value as number);
  else if (dataType === DataType.BFLOAT16) data[i] = numberToBfloat16Bits(value as number);
  else if (dataType === DataType.BOOL) data[i] = value ? 1 : 0;
  else (data as unknown as { [i: number]: number | bigint })[i] = value;
}
