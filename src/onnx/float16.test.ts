import { describe, expect, it } from 'vitest';
import { createRandom } from '../compare/random.ts';
import { bfloat16BitsToNumber, float16BitsToNumber, numberToBfloat16Bits, numberToFloat16Bits } from './float16.ts';

describe('float16', () => {
  it.each([
    [0, 0x0000],
    [-0, 0x8000],
    [1, 0x3c00],
    [-2, 0xc000],
    [65504, 0x7bff],
    [2 ** -14, 0x0400], // smallest normal
    [2 ** -24, 0x0001], // smallest subnormal
    [0.333251953125, 0x3555],
    [Number.POSITIVE_INFINITY, 0x7c00],
    [Number.NEGATIVE_INFINITY, 0xfc00],
  ])('encodes %d as 0x%s', (value, bits) => {
    expect(numberToFloat16Bits(value)).toBe(bits);
    expect(Object.is(float16BitsToNumber(bits), value)).toBe(true);
  });

  it('rounds ties to even and overflows to infinity past 65520', () => {
    expect(numberToFloat16Bits(1 + 2 ** -11)).toBe(0x3c00); // halfway between 1 and next: even is 1
    expect(numberToFloat16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02); // halfway, rounds up to even
    expect(numberToFloat16Bits(1 + 2 ** -11 + 2 ** -30)).toBe(0x3c01); // just past halfway
    expect(numberToFloat16Bits(65519.99)).toBe(0x7bff);
    expect(numberToFloat16Bits(65520)).toBe(0x7c00);
    expect(numberToFloat16Bits(2 ** -25)).toBe(0x0000); // halfway to the smallest subnormal: even is 0
    expect(numberToFloat16Bits(2 ** -25 + 2 ** -40)).toBe(0x0001);
    expect(numberToFloat16Bits(2 ** -14 - 2 ** -25)).toBe(0x0400); // largest subnormal rounds up into normals
  });

  it('rounds directly from float64, not through float32', () => {
    // 1 + 2^-11 + 2^-40 is just above a tie in float16, but rounds to exactly the tie in float32.
    const value = 1 + 2 ** -11 + 2 ** -40;
    expect(Math.fround(value)).toBe(1 + 2 ** -11);
    expect(numberToFloat16Bits(value)).toBe(0x3c01);
  });

  it('round-trips every non-NaN bit pattern and keeps NaN a NaN', () => {
    for (let bits = 0; bits < 0x10000; bits++) {
      const value = float16BitsToNumber(bits);
      if (Number.isNaN(value)) {
        expect(Number.isNaN(float16BitsToNumber(numberToFloat16Bits(value)))).toBe(true);
      } else {
        expect(numberToFloat16Bits(value)).toBe(bits);
      }
    }
  });

  it('picks the nearest float16 for random values', () => {
    // Seeded: every run checks the same values, so a failure repeats and can be chased.
    const random = createRandom(20240516);
    for (let i = 0; i < 5000; i++) {
      const value = (random() - 0.5) * 2 ** (Math.floor(random() * 40) - 24);
      const bits = numberToFloat16Bits(value);
      const chosen = float16BitsToNumber(bits);
      const neighbours = [float16BitsToNumber((bits + 1) & 0xffff), float16BitsToNumber((bits - 1) & 0xffff)];
      for (const other of neighbours) {
        if (Number.isFinite(other) && Math.sign(other) === Math.sign(chosen)) {
          expect(Math.abs(value - chosen)).toBeLessThanOrEqual(Math.abs(value - other));
        }
      }
    }
  });
});

describe('bfloat16', () => {
  it.each([
    [1, 0x3f80],
    [-1, 0xbf80],
    [0, 0x0000],
    [Number.POSITIVE_INFINITY, 0x7f80],
    [3.140625, 0x4049],
  ])('encodes %d as 0x%s', (value, bits) => {
    expect(numberToBfloat16Bits(value)).toBe(bits);
    expect(bfloat16BitsToNumber(bits)).toBe(value);
  });

  it('rounds ties to even', () => {
    expect(numberToBfloat16Bits(1 + 2 ** -8)).toBe(0x3f80);
    expect(numberToBfloat16Bits(1 + 3 * 2 ** -8)).toBe(0x3f82);
    expect(numberToBfloat16Bits(1 + 2 ** -8 + 2 ** -30)).toBe(0x3f81);
  });

  it('round-trips every non-NaN bit pattern', () => {
    for (let bits = 0; bits < 0x10000; bits++) {
      const value = bfloat16BitsToNumber(bits);
      if (Number.isNaN(value)) expect(Number.isNaN(bfloat16BitsToNumber(numberToBfloat16Bits(value)))).toBe(true);
      else expect(numberToBfloat16Bits(value)).toBe(bits);
    }
  });
});
