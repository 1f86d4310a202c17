/**
 * Statistics of one array of numbers, the way Polygraphy prints them: mean, std, min, max, median
 * and the 90th/95th/99th percentiles, over the finite values, with NaN and ±Inf counted apart.
 *
 * Memory stays bounded whatever the size: values are read through a getter (a difference is never
 * materialised), quantiles are exact (a sorted Float64Array copy, NumPy's default "linear"
 * interpolation) up to `exactUpTo` finite values, and above it come from a histogram of
 * QUANTILE_BINS equal bins between min and max, interpolated within the bin: then `approximate`
 * is set and every quantile is within `quantileError` (one bin's width) of the exact one.
 */

export interface Summary {
  /** Values looked at, finite or not. */
  count: number;
  /** Finite values: every figure below is over these. */
  finite: number;
  nan: number;
  posInf: number;
  negInf: number;
  mean: number;
  /** Population standard deviation (NumPy's default, ddof 0). */
  std: number;
  min: number;
  max: number;
  median: number;
  p90: number;
  p95: number;
  p99: number;
  /** Quantiles came from the histogram, not a sort (more than `exactUpTo` finite values). */
  approximate: boolean;
  /** The most an approximate quantile can be off by; 0 when exact. */
  quantileError: number;
}

/** Up to this many finite values (32 MB of float64) quantiles are exact. */
export const EXACT_QUANTILES_UP_TO = 1 << 22;
/** Bins of the histogram approximate quantiles come from (512 KB of counts). */
export const QUANTILE_BINS = 1 << 16;

/** Which getter value to skip: a getter may return undefined for "not part of this array". */
export type ValueAt = (index: number) => number | undefined;

/** Quantile q in [0, 1] of ascending `sorted` with linear interpolation between ranks (NumPy's default). */
export function quantileOfSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const position = q * (n - 1);
  const below = Math.floor(position);
  const above = Math.min(n - 1, below + 1);
  const low = sorted[below] as number;
  return low + ((sorted[above] as number) - low) * (position - below);
}

interface Moments {
  count: number;
  finite: number;
  nan: number;
  posInf: number;
  negInf: number;
  sum: number;
  min: number;
  max: number;
}

function moments(length: number, at: ValueAt): Moments {
  const m: Moments = { count: 0, finite: 0, nan: 0, posInf: 0, negInf: 0, sum: 0, min: Infinity, max: -Infinity };
  for (let i = 0; i < length; i++) {
    const v = at(i);
    if (v === undefined) continue;
    m.count++;
    if (Number.isNaN(v)) m.nan++;
    else if (v === Infinity) m.posInf++;
    else if (v === -Infinity) m.negInf++;
    else {
      m.finite++;
      m.sum += v;
      if (v < m.min) m.min = v;
      if (v > m.max) m.max = v;
    }
  }
  return m;
}

/** Exact quantiles from a sorted copy of the finite values. */
function exactQuantiles(length: number, at: ValueAt, finite: number, qs: readonly number[]): number[] {
  const copy = new Float64Array(finite);
  let k = 0;
  for (let i = 0; i < length; i++) {
    const v = at(i);
    if (v !== undefined && Number.isFinite(v)) copy[k++] = v;
  }
  copy.sort();
  return qs.map((q) => quantileOfSorted(copy, q));
}

/**
 * Quantiles from equal bins between min and max, off by at most one bin's width (see below).
 */
function binnedQuantiles(length: number, at: ValueAt, m: Range, qs: readonly number[]): number[] {
  const width = (m.max - m.min) / QUANTILE_BINS;
  if (width === 0) return qs.map(() => m.min);
  const counts = new Float64Array(QUANTILE_BINS);
  for (let i = 0; i < length; i++) {
    const v = at(i);
    if (v === undefined || !Number.isFinite(v)) continue;
    const bin = Math.min(QUANTILE_BINS - 1, Math.floor((v - m.min) / width));
    counts[bin] = (counts[bin] as number) + 1;
  }
  // The value of integer rank k lies in the bin where the running count passes k; the estimate
  // lies in the same bin, so it is off by less than one bin's width. A quantile interpolates two
  // such estimates as the exact one interpolates the two values, and keeps that bound.
  const valueOfRank = (k: number): number => {
    let seen = 0;
    for (let bin = 0; bin < QUANTILE_BINS; bin++) {
      const c = counts[bin] as number;
      if (seen + c > k) return m.min + width * (bin + (k - seen + 0.5) / c);
      seen += c;
    }
    return m.max;
  };
  return qs.map((q) => {
    const position = q * (m.finite - 1);
    const below = Math.floor(position);
    const low = valueOfRank(below);
    return below + 1 >= m.finite ? low : low + (valueOfRank(below + 1) - low) * (position - below);
  });
}

/** What the quantile readers need to know of the values beforehand. */
interface Range {
  finite: number;
  min: number;
  max: number;
}

function quantilesOf(length: number, at: ValueAt, range: Range, qs: readonly number[], exactUpTo: number): number[] {
  if (range.finite === 0) return qs.map(() => Number.NaN);
  return range.finite > exactUpTo
    ? binnedQuantiles(length, at, range, qs)
    : exactQuantiles(length, at, range.finite, qs);
}

/**
 * Any quantile q of the values a summary was made of: exact, or from the histogram past
 * `exactUpTo` like the summary's own (within its quantileError).
 */
export function quantileOf(
  length: number,
  at: ValueAt,
  q: number,
  summary: Summary,
  exactUpTo = EXACT_QUANTILES_UP_TO,
): number {
  return quantilesOf(length, at, summary, [q], exactUpTo)[0] as number;
}

/** Statistics of `length` values read through `at` (see the file comment for the memory bound). */
export function summarizeValues(length: number, at: ValueAt, exactUpTo = EXACT_QUANTILES_UP_TO): Summary {
  const m = moments(length, at);
  const mean = m.finite === 0 ? Number.NaN : m.sum / m.finite;
  let squares = 0;
  for (let i = 0; i < length && m.finite > 0; i++) {
    const v = at(i);
    if (v !== undefined && Number.isFinite(v)) squares += (v - mean) * (v - mean);
  }
  const approximate = m.finite > exactUpTo;
  const [median, p90, p95, p99] = quantilesOf(length, at, m, [0.5, 0.9, 0.95, 0.99], exactUpTo) as [
    number,
    number,
    number,
    number,
  ];
  return {
    count: m.count,
    finite: m.finite,
    nan: m.nan,
    posInf: m.posInf,
    negInf: m.negInf,
    mean,
    std: m.finite === 0 ? Number.NaN : Math.sqrt(squares / m.finite),
    min: m.finite === 0 ? Number.NaN : m.min,
    max: m.finite === 0 ? Number.NaN : m.max,
    median,
    p90,
    p95,
    p99,
    approximate,
    quantileError: approximate ? (m.max - m.min) / QUANTILE_BINS : 0,
  };
}

/** Statistics of an array's values. */
export function summarize(values: ArrayLike<number>, exactUpTo = EXACT_QUANTILES_UP_TO): Summary {
  return summarizeValues(values.length, (i) => values[i] as number, exactUpTo);
}

/** Equal-width bins between a summary's min and max, as Polygraphy draws them (10 by default). */
export interface LinearHistogram {
  /** Lower edge of each bin, then the upper edge of the last: bins + 1 numbers. */
  edges: number[];
  counts: number[];
}

export function linearHistogram(length: number, at: ValueAt, summary: Summary, bins = 10): LinearHistogram {
  if (summary.finite === 0) return { edges: [], counts: [] };
  const { min, max } = summary;
  const width = (max - min) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? max : min + width * i));
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < length; i++) {
    const v = at(i);
    if (v === undefined || !Number.isFinite(v)) continue;
    const bin = width > 0 ? Math.min(bins - 1, Math.floor((v - min) / width)) : 0;
    counts[bin] = (counts[bin] as number) + 1;
  }
  return { edges, counts };
}
