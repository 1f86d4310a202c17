import { describe, expect, it } from 'vitest';
import { defaultTolerance, diffOutputs } from './diff.ts';

const tol = { atol: 1e-4, rtol: 1e-3 };

describe('diffOutputs', () => {
  it('reports zero difference for equal arrays', () => {
    const d = diffOutputs([1, -2, 3], [1, -2, 3], tol);
    expect(d).toMatchObject({ maxAbs: 0, meanAbs: 0, maxRel: 0, cosine: 1, outside: 0, pass: true, minimalAtol: 0 });
  });

  it('measures absolute, relative and cosine differences', () => {
    const d = diffOutputs([1, 2, 4], [1.1, 2, 4], tol);
    expect(d.maxAbs).toBeCloseTo(0.1, 12);
    expect(d.meanAbs).toBeCloseTo(0.1 / 3, 12);
    expect(d.maxRel).toBeCloseTo(0.1, 12);
    expect(d.cosine).toBeLessThan(1);
    expect(d.cosine).toBeGreaterThan(0.99);
    expect(d.outside).toBe(1);
    expect(d.outsideShare).toBeCloseTo(1 / 3, 12);
    expect(d.pass).toBe(false);
    // The smallest atol that would pass: 0.1 - rtol·1.
    expect(d.minimalAtol).toBeCloseTo(0.1 - 1e-3, 12);
  });

  it('applies atol + rtol·|reference| at the edge', () => {
    // Allowed: 1e-4 + 1e-3·10 = 0.0101.
    expect(diffOutputs([10], [10.0100999], tol).pass).toBe(true);
    expect(diffOutputs([10], [10.0101001], tol).pass).toBe(false);
    // Around zero only atol counts.
    expect(diffOutputs([0], [0.0000999], tol).pass).toBe(true);
    expect(diffOutputs([0], [0.0001001], tol).pass).toBe(false);
  });

  it('skips zero references in the relative difference', () => {
    const d = diffOutputs([0, 2], [0.00005, 2.002], tol);
    expect(d.maxRel).toBeCloseTo(0.001, 9);
  });

  it('reports NaN and infinities instead of hiding them', () => {
    const same = diffOutputs([Number.NaN, Number.POSITIVE_INFINITY, 1], [Number.NaN, Number.POSITIVE_INFINITY, 1], tol);
    // Equal non-finite values are no difference, but prove nothing: never a pass.
    expect(same.outside).toBe(0);
    expect(same.verdict).toBe('inconclusive');
    expect(same.pass).toBe(false);
    expect(same.nonFinite).toEqual({ reference: 2, actual: 2 });
    const differ = diffOutputs([1, Number.NEGATIVE_INFINITY], [Number.NaN, Number.POSITIVE_INFINITY], tol);
    expect(differ.pass).toBe(false);
    expect(differ.verdict).toBe('fail');
    expect(differ.nonFiniteMismatches).toBe(2);
    expect(differ.minimalAtol).toBe(Number.POSITIVE_INFINITY);
  });

  it('an output NaN/Inf everywhere in both models is inconclusive, with nothing measured', () => {
    const nan = Number.NaN;
    const inf = Number.POSITIVE_INFINITY;
    const d = diffOutputs([nan, nan, inf, -inf], [nan, nan, inf, -inf], tol);
    // The figures are those of nothing at all: `compared` says so.
    expect(d).toMatchObject({ verdict: 'inconclusive', pass: false, outside: 0, compared: 0, maxAbs: 0, cosine: 1 });
    expect(diffOutputs([nan, 1, 2], [nan, 1, 2], tol).compared).toBe(2);
  });

  it('NaN/Inf in one model only, or at other places, fails', () => {
    const nan = Number.NaN;
    expect(diffOutputs([nan, 1], [1, 1], tol).verdict).toBe('fail');
    expect(diffOutputs([1, 1], [1, nan], tol).verdict).toBe('fail');
    expect(diffOutputs([nan, 1], [1, nan], tol).verdict).toBe('fail');
    expect(diffOutputs([Number.POSITIVE_INFINITY], [nan], tol).verdict).toBe('fail');
  });

  it('counts the values near zero, where atol rather than rtol sets the allowance', () => {
    // atol/rtol = 0.1: |r| < 0.1 is near zero.
    expect(
      diffOutputs([0, 0.05, -0.099, 0.1, 5, Number.NaN], [0, 0.05, -0.099, 0.1, 5, Number.NaN], tol).nearZero,
    ).toBe(3);
  });

  it('handles all-zero outputs and empty outputs', () => {
    expect(diffOutputs([0, 0], [0, 0], tol).cosine).toBe(1);
    expect(diffOutputs([0, 0], [1, 0], tol).cosine).toBe(0);
    expect(diffOutputs([], [], tol)).toMatchObject({ count: 0, pass: true, outsideShare: 0 });
  });

  it('refuses arrays of different lengths', () => {
    expect(() => diffOutputs([1], [1, 2], tol)).toThrow(RangeError);
  });

  it('has looser defaults for half precision', () => {
    expect(defaultTolerance('float32')).toEqual({ atol: 1e-4, rtol: 1e-3 });
    expect(defaultTolerance('float16').atol).toBeGreaterThan(1e-4);
  });
});
