/**
 * binary16 (float16) and bfloat16 conversions. Writing rounds to nearest, ties to even, directly
 * from the float64 value: fused weights are computed in float64, and rounding through float32
 * first would round twice and be off by one unit in rare ties.
 */

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

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
  return encodeBinary(value, 5, 10);
}

/** A number to bfloat16 bits: nearest, ties to even; overflow gives infinity; NaN a quiet NaN. */
export function numberToBfloat16Bits(value: number): number {
  return encodeBinary(value, 8, 7);
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
