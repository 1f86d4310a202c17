import { describe, expect, it } from 'vitest';
import { formatBytes, formatSci, formatSpeedRatio } from './format.ts';

describe('formatSpeedRatio', () => {
  it('says how much slower or faster the fused model ran', () => {
    expect(formatSpeedRatio(1.404)).toBe('1.40× slower');
    expect(formatSpeedRatio(2)).toBe('2.00× slower');
    // 0.7 of the time is 1/0.7 = 1.43 times as fast.
    expect(formatSpeedRatio(0.7)).toBe('1.43× faster');
    expect(formatSpeedRatio(0.5)).toBe('2.00× faster');
  });

  it('calls a factor that rounds to 1.00 about as fast, and a missing ratio not measured', () => {
    expect(formatSpeedRatio(1)).toBe('about as fast');
    expect(formatSpeedRatio(1.004)).toBe('about as fast');
    expect(formatSpeedRatio(0.996)).toBe('about as fast');
    expect(formatSpeedRatio(1.006)).toBe('1.01× slower');
    expect(formatSpeedRatio(Number.NaN)).toBe('not measured');
    expect(formatSpeedRatio(Number.POSITIVE_INFINITY)).toBe('not measured');
    expect(formatSpeedRatio(0)).toBe('not measured');
  });
});

describe('formatSci and formatBytes', () => {
  it('write differences in scientific notation and name non-finite values', () => {
    expect(formatSci(0.000123456)).toBe('1.23e-4');
    expect(formatSci(0)).toBe('0.00e+0');
    expect(formatSci(Number.POSITIVE_INFINITY)).toBe('Infinity');
    expect(formatBytes(534_700)).toBe('534.7 KB');
  });
});
