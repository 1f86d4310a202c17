/**
 * Output values of every element type as plain numbers, which is what judging and statistics
 * measure. The 16-bit float formats are decoded through tables the caller supplies (built once by
 * the ONNX layer's float16.ts), so that compare/ imports nothing below it.
 */
import { CompareError } from './errors.ts';

/** float16 and bfloat16 conversions, as src/onnx/float16.ts provides them (see halfFloats there). */
export interface HalfFloats {
  /** Every float16 bit pattern's value, indexed by the bits. */
  float16: ArrayLike<number>;
  /** Every bfloat16 bit pattern's value, indexed by the bits. */
  bfloat16: ArrayLike<number>;
  /** A number to float16 bits, nearest even. */
  toFloat16: (value: number) => number;
}

/** What an output's data can be, as onnxruntime gives it (Float16Array where the runtime has one). */
export type OutputValues = ArrayLike<number> | ArrayLike<bigint> | readonly string[];

/**
 * An output's values as numbers: float16 and bfloat16 from their bit patterns, 64-bit integers
 * rounded to the nearest double (exact below 2^53), booleans as 0 and 1, everything else as it is
 * (a view, not a copy).
 * @throws CompareError OUTPUT_UNSUPPORTED for string outputs.
 */
export function outputNumbers(type: string, data: OutputValues, half: HalfFloats): ArrayLike<number> {
  if ((type === 'float16' || type === 'bfloat16') && data instanceof Uint16Array) {
    const table = type === 'float16' ? half.float16 : half.bfloat16;
    const out = new Float64Array(data.length);
    for (let i = 0; i < data.length; i++) out[i] = table[data[i] as number] as number;
    return out;
  }
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) return Float64Array.from(data, Number);
  if (data.length > 0 && typeof data[0] !== 'number') {
    throw new CompareError('OUTPUT_UNSUPPORTED', `An output of type ${type} holds values that are not numbers.`);
  }
  return data as ArrayLike<number>;
}
