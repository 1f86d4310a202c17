import { describe, expect, it } from 'vitest';
import { createRandom } from '../compare/random.ts';
import {
  bfloat16BitsToNumber,
  encodeBinaryReference,
  float16BitsToNumber,
  float16Decoder,
  numberToBfloat16Bits,
  numberToFloat16Bits,
} from './float16.ts';

const KINDS = [
  ['f16', numberToFloat16Bits, float16BitsToNumber],
  ['bf16', numberToBfloat16Bits, bfloat16BitsToNumber],
] as const;

const f64 = new Float64Array(1);
const words = new Uint32Array(f64.buffer);

/** The float64 next to `x` away from zero (or toward it with `step` −1). */
function nextAfter(x: number, step: 1 | -1): number {
  f64[0] = x;
  const low = words[0] as number;
  // Little-endian test host: words[0] is the low half. Carry into the high half when it wraps.
  if (step === 1) {
    words[0] = (low + 1) >>> 0;
    if (low === 0xffffffff) words[1] = (words[1] as number) + 1;
  } else {
    words[0] = (low - 1) >>> 0;
    if (low === 0) words[1] = (words[1] as number) - 1;
  }
  return f64[0] as number;
}

describe.each(KINDS)('%s encoding read off the float64 bits', (kind, encode, decode) => {
  it('matches the reference encoding at every value, every tie between neighbours and one ulp either side', () => {
    const mismatches: string[] = [];
    const check = (value: number) => {
      const expected = encodeBinaryReference(value, kind);
      if (encode(value) !== expected) mismatches.push(`${value}: ${encode(value)} ≠ ${expected}`);
    };
    for (let bits = 0; bits < 0x10000; bits++) {
      const value = decode(bits);
      const next = decode(bits + 1);
      if (!Number.isFinite(value)) continue;
      check(value);
      if ((bits & 0x7fff) === 0x7fff || !Number.isFinite(next)) continue;
      const tie = (value + next) / 2;
      check(tie);
      check(nextAfter(tie, 1));
      check(nextAfter(tie, -1));
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
  });

  it('matches the reference encoding on 300,000 seeded random float64 values of every magnitude', () => {
    const random = createRandom(1301);
    const mismatches: string[] = [];
    for (let i = 0; i < 300_000; i++) {
      // Any sign, exponent from far below the subnormals to past the largest finite value.
      words[0] = Math.floor(random() * 2 ** 32);
      words[1] = ((random() < 0.5 ? 0x80000000 : 0) | (Math.floor(random() * 360 + 1023 - 180) << 20)) >>> 0;
      words[1] = (words[1] as number) | Math.floor(random() * 2 ** 20);
      const value = f64[0] as number;
      const expected = encodeBinaryReference(value, kind);
      if (encode(value) !== expected) mismatches.push(`${value}: ${encode(value)} ≠ ${expected}`);
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
  });

  it('keeps infinities, NaN, signed zeros and the largest finite values', () => {
    for (const value of [
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      Number.NaN,
      0,
      -0,
      Number.MAX_VALUE,
      -Number.MAX_VALUE,
      Number.MIN_VALUE,
      65504,
      65520,
      3.3895313892515355e38,
    ]) {
      expect(encode(value)).toBe(encodeBinaryReference(value, kind));
    }
  });

  it('decodes by table exactly as bit by bit', () => {
    const table = float16Decoder(kind);
    for (let bits = 0; bits < 0x10000; bits++) expect(Object.is(table[bits], decode(bits))).toBe(true);
  });
});
