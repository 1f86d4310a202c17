/** Latency statistics of timed runs, in milliseconds. */
export interface LatencyStats {
  runs: number;
  median: number;
  p90: number;
  min: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile (p in [0, 100]) of ascending `sorted`. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

export function latencyStats(samples: readonly number[]): LatencyStats {
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  // The median of an even count is the mean of the two middle runs.
  const median =
    n === 0
      ? Number.NaN
      : n % 2 === 1
        ? (sorted[(n - 1) / 2] as number)
        : ((sorted[n / 2 - 1] as number) + (sorted[n / 2] as number)) / 2;
  return {
    runs: n,
    median,
    p90: percentile(sorted, 90),
    min: sorted[0] ?? Number.NaN,
    max: sorted[n - 1] ?? Number.NaN,
    mean: n === 0 ? Number.NaN : sorted.reduce((a, b) => a + b, 0) / n,
  };
}

/** Bins of |difference| on a log scale from 1e-9 up, for a small histogram; zeros in their own bin. */
export interface DiffHistogram {
  /** Upper edge of each bin ("≤ edge"); the first bin is exact zeros. */
  edges: number[];
  counts: number[];
}

export function diffHistogram(reference: ArrayLike<number>, actual: ArrayLike<number>): DiffHistogram {
  const edges = [0, 1e-9, 1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1, Number.POSITIVE_INFINITY];
  const counts = new Array<number>(edges.length).fill(0);
  for (let i = 0; i < reference.length; i++) {
    const d = Math.abs((actual[i] as number) - (reference[i] as number));
    if (Number.isNaN(d)) {
      counts[edges.length - 1] = (counts[edges.length - 1] as number) + 1;
      continue;
    }
    let bin = 0;
    while (d > (edges[bin] as number)) bin++;
    counts[bin] = (counts[bin] as number) + 1;
  }
  return { edges, counts };
}
