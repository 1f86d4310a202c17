import { describe, expect, it } from 'vitest';
import { checkFor, compareStats, parseCheckMode } from './stats.ts';
import { linearHistogram, QUANTILE_BINS, quantileOfSorted, summarize } from './summary.ts';

describe('summarize', () => {
  it('gives mean, population std, min, max and linearly interpolated quantiles (hand-computed)', () => {
    const s = summarize([4, 1, 3, 2]);
    expect(s).toMatchObject({ count: 4, finite: 4, mean: 2.5, min: 1, max: 4, median: 2.5, approximate: false });
    // Deviations ±1.5, ±0.5: (2.25 + 0.25) · 2 / 4 = 1.25.
    expect(s.std).toBeCloseTo(Math.sqrt(1.25), 12);
    // Ranks q·(n − 1) = 2.7, 2.85, 2.97 between the sorted values 3 and 4.
    expect(s.p90).toBeCloseTo(3.7, 12);
    expect(s.p95).toBeCloseTo(3.85, 12);
    expect(s.p99).toBeCloseTo(3.97, 12);
  });

  it('counts NaN, +Inf and -Inf apart and measures the finite values only', () => {
    const s = summarize([1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 3]);
    expect(s).toMatchObject({ count: 5, finite: 2, nan: 1, posInf: 1, negInf: 1, mean: 2, min: 1, max: 3, median: 2 });
    expect(summarize([Number.NaN]).mean).toBeNaN();
  });

  it('past the exact bound, approximates quantiles within one bin of the exact value and says so', () => {
    const values = Array.from({ length: 1000 }, (_, i) => (i * 7919) % 1000); // 0..999, shuffled
    const exact = summarize(values);
    const approx = summarize(values, 10);
    expect(exact.median).toBe(499.5);
    expect(approx.approximate).toBe(true);
    expect(approx.quantileError).toBeCloseTo(999 / QUANTILE_BINS, 12);
    for (const k of ['median', 'p90', 'p95', 'p99'] as const) {
      expect(Math.abs(approx[k] - exact[k])).toBeLessThanOrEqual(approx.quantileError);
    }
    // Mean, std, min and max stay exact.
    expect(approx.mean).toBe(exact.mean);
    expect(approx.std).toBe(exact.std);
  });

  it('quantileOfSorted matches NumPy (linear)', () => {
    expect(quantileOfSorted([10, 20, 30], 0.25)).toBe(15);
    expect(quantileOfSorted([], 0.5)).toBeNaN();
  });

  it('bins values into equal-width bins between min and max', () => {
    const values = [0, 1, 2, 3, 10];
    const h = linearHistogram(values.length, (i) => values[i], summarize(values), 5);
    expect(h.edges).toEqual([0, 2, 4, 6, 8, 10]);
    expect(h.counts).toEqual([2, 2, 0, 0, 1]);
  });
});

describe('compareStats', () => {
  const reference = [1, 2, 0, 4];
  const actual = [1.1, 2, 0.05, 4.4];

  it('elementwise: the differences, their statistics and what would pass (hand-computed)', () => {
    const s = compareStats(reference, actual, { atol: 0.01, rtol: 0.05 });
    // |a − r| = 0.1, 0, 0.05, 0.4.
    expect(s.absDiff.max).toBeCloseTo(0.4, 12);
    expect(s.absDiff.mean).toBeCloseTo(0.1375, 12);
    expect(s.absDiff.median).toBeCloseTo(0.075, 12);
    // |a − r| / |r| where r ≠ 0: 0.1, 0, 0.1; the zero reference is left out and counted.
    expect(s.relDiff.count).toBe(3);
    expect(s.relDiff.max).toBeCloseTo(0.1, 12);
    expect(s.zeroReference).toBe(1);
    // Allowed atol + rtol·|r| = 0.06, 0.11, 0.01, 0.21: three outside.
    expect(s.outside).toBe(3);
    expect(s.verdict).toBe('fail');
    // Smallest atol at rtol 0.05: max(0.1 − 0.05, 0.05 − 0, 0.4 − 0.2) = 0.2.
    expect(s.minAtol).toBeCloseTo(0.2, 12);
    // No rtol covers 0.05 against a reference of 0 with atol 0.01.
    expect(s.minRtol).toBe(Number.POSITIVE_INFINITY);
    // Worst |a − r| ÷ allowed: 0.05 / 0.01.
    expect(s.toleranceRatio).toBeCloseTo(5, 9);
    expect(s.reference.mean).toBeCloseTo(1.75, 12);
    expect(s.actual.max).toBeCloseTo(4.4, 12);
    expect(s.absHistogram.counts.reduce((a, b) => a + b, 0)).toBe(4);
  });

  it('elementwise: the smallest rtol at the given atol, and that it passes exactly there', () => {
    const s = compareStats([1, 2, 4], [1.1, 2, 4.4], { atol: 0.01, rtol: 0 });
    // (0.1 − 0.01) / 1 = 0.09 and (0.4 − 0.01) / 4 = 0.0975: the second is larger.
    expect(s.minRtol).toBeCloseTo(0.0975, 12);
    expect(compareStats([1, 2, 4], [1.1, 2, 4.4], { atol: 0.01, rtol: s.minRtol }).verdict).toBe('pass');
    expect(compareStats([1, 2, 4], [1.1, 2, 4.4], { atol: 0.01, rtol: s.minRtol * 0.99 }).verdict).toBe('fail');
    expect(compareStats([1, 2, 4], [1.1, 2, 4.4], { atol: s.minAtol, rtol: 0 }).verdict).toBe('pass');
  });

  it('check modes compare a statistic: max, mean, median or a quantile', () => {
    // max |a − r| 0.4: within atol 0.5; beyond atol 0.1 but max rel 0.1 within rtol 0.2.
    expect(compareStats(reference, actual, { atol: 0.5, rtol: 0 }, { kind: 'max' }).verdict).toBe('pass');
    expect(compareStats(reference, actual, { atol: 0.1, rtol: 0.2 }, { kind: 'max' }).verdict).toBe('pass');
    expect(compareStats(reference, actual, { atol: 0.1, rtol: 0.05 }, { kind: 'max' }).verdict).toBe('fail');
    // Mean |a − r| 0.1375 and median 0.075 against atol 0.08 (rtol 0: only atol can pass).
    const tight = { atol: 0.08, rtol: 0 };
    expect(compareStats(reference, actual, tight, { kind: 'mean' }).verdict).toBe('fail');
    const median = compareStats(reference, actual, tight, { kind: 'median' });
    expect(median.verdict).toBe('pass');
    expect(median.checked?.abs).toBeCloseTo(0.075, 12);
    // Still told: elements outside elementwise tolerance (0.1 and 0.4 exceed 0.08).
    expect(median.outside).toBe(2);
    const q = compareStats(reference, actual, tight, { kind: 'quantile', q: 0.5 });
    expect(q.checked?.abs).toBeCloseTo(0.075, 12);
    // q 0.9 of 0, 0.05, 0.1, 0.4: rank 2.7 → 0.1 + 0.7 · 0.3 = 0.31.
    expect(compareStats(reference, actual, tight, { kind: 'quantile', q: 0.9 }).checked?.abs).toBeCloseTo(0.31, 12);
  });

  it('check modes: smallest atol and rtol for the statistic', () => {
    // Median rel of 0.1, 0, 0.1 is 0.1 > rtol 0.05, so atol must reach the median abs 0.075;
    // median abs 0.075 > atol 0.01, so rtol must reach the median rel 0.1.
    const s = compareStats(reference, actual, { atol: 0.01, rtol: 0.05 }, { kind: 'median' });
    expect(s.minAtol).toBeCloseTo(0.075, 12);
    expect(s.minRtol).toBeCloseTo(0.1, 12);
  });

  it('judging the same outputs again at another tolerance reuses their statistics (no new sorts)', () => {
    const r = [1, 2, 3];
    const a = [1, 2, 3.5];
    const strict = compareStats(r, a, { atol: 0.1, rtol: 0 });
    const loose = compareStats(r, a, { atol: 1, rtol: 0 });
    expect([strict.verdict, loose.verdict]).toEqual(['fail', 'pass']);
    expect(loose.absDiff).toBe(strict.absDiff);
    expect(loose.reference).toBe(strict.reference);
    // Other arrays, even with equal values, are summarised afresh.
    expect(compareStats([1, 2, 3], a, { atol: 1, rtol: 0 }).absDiff).not.toBe(strict.absDiff);
  });

  it('NaN/Inf: a mismatch fails in every mode; the same non-finite values in both are inconclusive', () => {
    for (const mode of [{ kind: 'elementwise' }, { kind: 'max' }, { kind: 'median' }] as const) {
      const s = compareStats([1, Number.NaN], [1, 2], { atol: 1, rtol: 1 }, mode);
      expect(s.verdict).toBe('fail');
      expect(s.nonFiniteMismatches).toBe(1);
      expect(s.minAtol).toBe(Number.POSITIVE_INFINITY);
      expect(s.reference.nan).toBe(1);
    }
    const both = compareStats([1, Number.POSITIVE_INFINITY], [1, Number.POSITIVE_INFINITY], { atol: 0, rtol: 0 });
    expect(both.verdict).toBe('inconclusive');
    expect(both.reference.posInf).toBe(1);
    expect(compareStats([1, 2], [1, 2], { atol: 0, rtol: 0 }).verdict).toBe('pass');
  });
});

describe('tolerances per output and check modes by name', () => {
  it('an output named in perOutput takes its own atol, rtol and mode; the rest the defaults', () => {
    const spec = {
      tolerance: { atol: 1e-4, rtol: 1e-3 },
      mode: { kind: 'elementwise' as const },
      perOutput: { logits: { atol: 0.5, mode: { kind: 'max' as const } } },
    };
    expect(checkFor(spec, 'logits')).toEqual({ tolerance: { atol: 0.5, rtol: 1e-3 }, mode: { kind: 'max' } });
    expect(checkFor(spec, 'other')).toEqual({ tolerance: { atol: 1e-4, rtol: 1e-3 }, mode: { kind: 'elementwise' } });
  });

  it('reads check modes as written on the command line', () => {
    expect(parseCheckMode('median')).toEqual({ kind: 'median' });
    expect(parseCheckMode('quantile:0.99')).toEqual({ kind: 'quantile', q: 0.99 });
    expect(parseCheckMode('quantile:2')).toBeUndefined();
    expect(parseCheckMode('mode')).toBeUndefined();
  });
});
