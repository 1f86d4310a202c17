import { describe, expect, it } from 'vitest';
import { diffHistogram, latencyStats } from './latency.ts';

describe('latencyStats', () => {
  it('gives median, p90, min, max and mean', () => {
    const s = latencyStats([5, 1, 4, 2, 3, 10, 6, 7, 8, 9]);
    expect(s).toEqual({ runs: 10, median: 5.5, p90: 9, min: 1, max: 10, mean: 5.5 });
    expect(latencyStats([3, 1, 2]).median).toBe(2);
  });

  it('is NaN for no runs rather than a made-up number', () => {
    const s = latencyStats([]);
    expect(Number.isNaN(s.median)).toBe(true);
    expect(s.runs).toBe(0);
  });
});

describe('diffHistogram', () => {
  it('bins exact zeros, small and large differences, and NaN', () => {
    const h = diffHistogram([0, 1, 1, 1, 0], [0, 1.000001, 1.5, Number.NaN, 1e-12]);
    expect(h.counts[0]).toBe(1); // exact
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(5);
    expect(h.counts[h.counts.length - 1]).toBe(1); // NaN lands in the last bin
  });
});
