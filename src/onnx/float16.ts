/**
 * binary16 (float16) and bfloat16 conversions. Writing rounds to nearest, ties to even, directly
 * from the float64 value: fused weights are computed in float64, and rounding through float32
 * first would round twice and be off by one unit in rare ties.
 */

import { LITTLE_ENDIAN_HOST } from './endian.ts';

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
// A float64's two 32-bit halves, in the host's order.
const f64 = new Float64Array(1);
const f64Words = new Uint32Array(f64.buffer);
const HIGH = LITTLE_ENDIAN_HOST ? 1 : 0;
const LOW = 1 - HIGH;

/** binary16 bits to a number (exact). */
export function float16BitsToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/** bfloat16 bits to a number (exact). */
export function bfloat16BitsToNumber(bits: number): number {
  u32[0] = (bits & 0xffff) << 16;
  return f32[0] as number;
}

/** A number to binary16 bits: nearest, ties to even; overflow gives infinity; NaN a quiet NaN. */
export function numberToFloat16Bits(value: number): number {
  return encodeFromBits(value, 5, 10);
}

/** A number to bfloat16 bits: nearest, ties to even; overflow gives infinity; NaN a quiet NaN. */
export function numberToBfloat16Bits(value: number): number {
  return encodeFromBits(value, 8, 7);
}

/**
 * {@link encodeBinary}'s result, read off the float64's bits for results in the normal range
 * (the target's mantissa is cut from the float64's high word; the bits below it decide the
 * rounding, ties to even), which is what folding whole tensors needs; everything else goes to
 * {@link encodeBinary}.
 */
function encodeFromBits(value: number, expBits: number, manBits: number): number {
  f64[0] = value;
  const high = f64Words[HIGH] as number;
  const exponent = (high >>> 20) & 0x7ff;
  const biased = exponent - 1023 + 2 ** (expBits - 1) - 1;
  const maxBiased = 2 ** expBits - 1;
  // Zero, subnormal results, infinities and NaN.
  if (biased < 1 || exponent === 0x7ff) return encodeBinary(value, expBits, manBits);
  const sign = high >>> 31 === 1 ? 2 ** (expBits + manBits) : 0;
  const shift = 20 - manBits;
  const fraction = (high & 0xfffff) >>> shift;
  const rest = high & ((1 << shift) - 1);
  const half = 1 << (shift - 1);
  const up = rest > half || (rest === half && ((f64Words[LOW] as number) !== 0 || (fraction & 1) === 1));
  // Rounding up past the largest fraction carries into the exponent, as it should.
  const magnitude = biased * 2 ** manBits + fraction + (up ? 1 : 0);
  return sign + Math.min(magnitude, maxBiased * 2 ** manBits);
}

/** The plain (slower) encoding every result can take: the reference {@link encodeFromBits} must match. */
export function encodeBinaryReference(value: number, kind: 'f16' | 'bf16'): number {
  return kind === 'f16' ? encodeBinary(value, 5, 10) : encodeBinary(value, 8, 7);
}

function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const rest = x - floor;
  if (rest > 0.5) return floor + 1;
  if (rest < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** Encodes `value` in an IEEE-754 style binary format of 1 sign, `expBits` and `manBits` bits. */
function encodeBinary(value: number, expBits: number, manBits: number): number {
  const bias = 2 ** (expBits - 1) - 1;
  const maxBiased = 2 ** expBits - 1;
  const signBit = 2 ** (expBits + manBits);
  const implicit = 2 ** manBits;
  if (Number.isNaN(value)) return maxBiased * implicit + implicit / 2;
  const sign = value < 0 || Object.is(value, -0) ? signBit : 0;
  const a = Math.abs(value);
  if (a === Number.POSITIVE_INFINITY) return sign + maxBiased * implicit;
  const minExp = 1 - bias;
  let e = a === 0 ? minExp : Math.max(Math.floor(Math.log2(a)), minExp);
  // Math.log2 may be off by one next to powers of two; correct it exactly.
  if (a >= 2 ** (e + 1)) e += 1;
  else if (e > minExp && a < 2 ** e) e -= 1;
  // Scaling by a power of two is exact in float64, so only the final rounding is inexact.
  let q = roundHalfEven(a * 2 ** (manBits - e));
  if (q >= 2 * implicit) {
    q /= 2;
    e += 1;
  }
  if (q < implicit) return sign + q; // subnormal (or zero): only when e is the minimum exponent
  const biased = e + bias;
  if (biased >= maxBiased) return sign + maxBiased * implicit;
  return sign + biased * implicit + (q - implicit);
}

const decoders: { f16?: Float64Array; bf16?: Float64Array } = {};

/**
 * Every 16-bit pattern's value, as a table indexed by the bits (built once, 512 KiB): what
 * {@link float16BitsToNumber} or {@link bfloat16BitsToNumber} returns, without its arithmetic per
 * element when whole tensors are read.
 */
export function float16Decoder(kind: 'f16' | 'bf16'): Float64Array {
  const cached = decoders[kind];
  if (cached) return cached;
  const decode = kind === 'f16' ? float16BitsToNumber : bfloat16BitsToNumber;
  const table = new Float64Array(65536);
  for (let bits = 0; bits < 65536; bits++) table[bits] = decode(bits);
  decoders[kind] = table;
  return table;
}

/**
 * The half-float conversions the comparison core takes (compare/numbers.ts HalfFloats): decoding
 * tables for float16 and bfloat16 and the float16 encoder, built on first use.
 */
export function halfFloats(): {
  float16: Float64Array;
  bfloat16: Float64Array;
  toFloat16: (value: number) => number;
} {
  return { float16: float16Decoder('f16'), bfloat16: float16Decoder('bf16'), toFloat16: numberToFloat16Bits };
}
