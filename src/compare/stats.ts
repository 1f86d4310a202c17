import type { Tolerance } from './diff.ts';
import {
  type LinearHistogram,
  linearHistogram,
  quantileOf,
  type Summary,
  summarizeValues,
  type ValueAt,
} from './summary.ts';
import type { Verdict } from './verdict.ts';

/**
 * A comparison of one output (or one intermediate value) as Polygraphy reports it: each model's
 * statistics, the absolute and relative difference with the same statistics and a histogram, the
 * smallest atol and rtol that would pass, and the verdict under a check mode.
 *
 * Check modes (Polygraphy's --check-error-stat):
 * - `elementwise` (the default, as before): every element within |a − r| ≤ atol + rtol·|r|
 *   (NumPy's isclose).
 * - `max`, `mean`, `median`, `quantile` (with q): that statistic of the differences is compared
 *   instead: the output passes when stat(|a − r|) ≤ atol or stat(|a − r| / |r|) ≤ rtol.
 * NaN or ±Inf where the other model has something else always fails; NaN/±Inf in both models at
 * the same places, with nothing else wrong, is inconclusive (compare/verdict.ts), in every mode.
 *
 * The relative difference is over elements whose reference is finite and non-zero; `zeroReference`
 * counts those left out of it.
 */
export type CheckMode =
  | { kind: 'elementwise' }
  | { kind: 'max' }
  | { kind: 'mean' }
  | { kind: 'median' }
  | { kind: 'quantile'; q: number };

export const ELEMENTWISE: CheckMode = { kind: 'elementwise' };

/** Tolerances and check mode for every output, and for some by name (Polygraphy's `--atol out0:1e-3`). */
export interface CheckSpec {
  tolerance: Tolerance;
  mode: CheckMode;
  perOutput?: Readonly<Record<string, Partial<Tolerance> & { mode?: CheckMode }>>;
}

/** The tolerance and mode that apply to one output by name. */
export function checkFor(spec: CheckSpec, name: string): { tolerance: Tolerance; mode: CheckMode } {
  const own = spec.perOutput?.[name];
  return {
    tolerance: { atol: own?.atol ?? spec.tolerance.atol, rtol: own?.rtol ?? spec.tolerance.rtol },
    mode: own?.mode ?? spec.mode,
  };
}

/** "elementwise", "max", "median", "quantile 0.99": how a mode is written in reports and on the CLI. */
export function checkModeText(mode: CheckMode): string {
  return mode.kind === 'quantile' ? `quantile ${mode.q}` : mode.kind;
}

/** Reads "elementwise", "max", "mean", "median" or "quantile:Q" (Q in [0, 1]); undefined when it is none. */
export function parseCheckMode(text: string): CheckMode | undefined {
  if (text === 'elementwise' || text === 'elemwise') return ELEMENTWISE;
  if (text === 'max' || text === 'mean' || text === 'median') return { kind: text };
  const match = /^quantile[:= ]?([0-9.eE+-]+)$/.exec(text);
  const q = match ? Number(match[1]) : Number.NaN;
  return q >= 0 && q <= 1 ? { kind: 'quantile', q } : undefined;
}

export interface OutputStats {
  reference: Summary;
  actual: Summary;
  /** |a − r| over elements finite in both. */
  absDiff: Summary;
  /** |a − r| / |r| over elements finite in both with r ≠ 0. */
  relDiff: Summary;
  absHistogram: LinearHistogram;
  relHistogram: LinearHistogram;
  /** Elements finite in both whose reference is 0: outside relDiff. */
  zeroReference: number;
  tolerance: Tolerance;
  mode: CheckMode;
  /** The statistic the mode compares, of |a − r| and of |a − r| / |r|; undefined for elementwise. */
  checked?: { abs: number; rel: number };
  /** Elements outside atol + rtol·|r| (elementwise), whatever the mode: the figure to look at first. */
  outside: number;
  /** NaN or ±Inf in one model where the other has something else at that place. */
  nonFiniteMismatches: number;
  /**
   * The smallest atol that would pass with the given rtol, and the smallest rtol with the given
   * atol; Infinity when none would (a NaN/Inf mismatch, or a difference where the reference is 0
   * and atol is too small for it).
   */
  minAtol: number;
  minRtol: number;
  /**
   * The worst element's |a − r| ÷ (atol + rtol·|r|): at most 1 passes elementwise. What the graph
   * colours a layer by; Infinity for a NaN/Inf mismatch or a difference under zero tolerance.
   */
  toleranceRatio: number;
  verdict: Verdict;
}

/** The statistic a mode compares, of the values `summary` was made of. */
function statistic(s: Summary, mode: Exclude<CheckMode, { kind: 'elementwise' }>, at: ValueAt, length: number) {
  switch (mode.kind) {
    case 'max':
      return s.max;
    case 'mean':
      return s.mean;
    case 'median':
      return s.median;
    case 'quantile':
      return quantileOf(length, at, mode.q, s);
  }
}

/** What does not depend on the tolerance or the mode: the statistics and histograms. */
interface Summaries {
  absDiff: Summary;
  relDiff: Summary;
  referenceSummary: Summary;
  actualSummary: Summary;
  absHistogram: LinearHistogram;
  relHistogram: LinearHistogram;
}

const summaryCache = new WeakMap<object, WeakMap<object, Summaries>>();

/**
 * The summaries of a pair of arrays, made once per pair: the page judges the same outputs again at
 * every change of tolerance or mode (a keystroke in the atol field), and the summaries' sorts are
 * what costs. Keyed by the arrays themselves, so a new run's outputs never find old figures.
 */
function summariesOf(reference: ArrayLike<number>, actual: ArrayLike<number>, make: () => Summaries): Summaries {
  let byActual = summaryCache.get(reference);
  if (!byActual) {
    byActual = new WeakMap();
    summaryCache.set(reference, byActual);
  }
  let found = byActual.get(actual);
  if (!found) {
    found = make();
    byActual.set(actual, found);
  }
  return found;
}

/**
 * Compares two outputs of the same length (reference: the original model). Each array is read a
 * few times over; no array of their size is made unless quantiles need a sorted copy (summary.ts).
 */
export function compareStats(
  reference: ArrayLike<number>,
  actual: ArrayLike<number>,
  tolerance: Tolerance,
  mode: CheckMode = ELEMENTWISE,
): OutputStats {
  if (reference.length !== actual.length) {
    throw new RangeError(`outputs differ in length: ${reference.length} and ${actual.length}`);
  }
  const n = reference.length;
  const bothFinite = (i: number) => Number.isFinite(reference[i] as number) && Number.isFinite(actual[i] as number);
  const absAt: ValueAt = (i) =>
    bothFinite(i) ? Math.abs((actual[i] as number) - (reference[i] as number)) : undefined;
  const relAt: ValueAt = (i) => {
    const r = reference[i] as number;
    return bothFinite(i) && r !== 0 ? Math.abs((actual[i] as number) - r) / Math.abs(r) : undefined;
  };
  const { absDiff, relDiff, referenceSummary, actualSummary, absHistogram, relHistogram } = summariesOf(
    reference,
    actual,
    () => {
      const abs = summarizeValues(n, absAt);
      const rel = summarizeValues(n, relAt);
      return {
        absDiff: abs,
        relDiff: rel,
        referenceSummary: summarizeValues(n, (i) => reference[i] as number),
        actualSummary: summarizeValues(n, (i) => actual[i] as number),
        absHistogram: linearHistogram(n, absAt, abs),
        relHistogram: linearHistogram(n, relAt, rel),
      };
    },
  );

  let outside = 0;
  let nonFiniteMismatches = 0;
  let zeroReference = 0;
  let minAtol = 0;
  let minRtol = 0;
  let toleranceRatio = 0;
  for (let i = 0; i < n; i++) {
    const r = reference[i] as number;
    const a = actual[i] as number;
    if (!Number.isFinite(r) || !Number.isFinite(a)) {
      const same = (Number.isNaN(r) && Number.isNaN(a)) || r === a;
      if (!same) {
        nonFiniteMismatches++;
        outside++;
      }
      continue;
    }
    const d = Math.abs(a - r);
    const allowed = tolerance.atol + tolerance.rtol * Math.abs(r);
    if (d > allowed) outside++;
    if (r === 0) zeroReference++;
    minAtol = Math.max(minAtol, d - tolerance.rtol * Math.abs(r));
    // With this atol, the rtol that would cover this element; none when r = 0 and d > atol.
    if (d > tolerance.atol) minRtol = Math.max(minRtol, r === 0 ? Infinity : (d - tolerance.atol) / Math.abs(r));
    const ratio = d === 0 ? 0 : allowed === 0 ? Infinity : d / allowed;
    if (ratio > toleranceRatio) toleranceRatio = ratio;
  }
  if (nonFiniteMismatches > 0) {
    minAtol = Infinity;
    minRtol = Infinity;
    toleranceRatio = Infinity;
  }

  let checked: OutputStats['checked'];
  let failed: boolean;
  if (mode.kind === 'elementwise') {
    failed = outside > 0;
  } else {
    checked = { abs: statistic(absDiff, mode, absAt, n), rel: statistic(relDiff, mode, relAt, n) };
    // Polygraphy: an output fails when the statistic is beyond both atol and rtol. Nothing
    // measured (no finite pair) is not a pass: NaN compares false, so it does not fail here, and
    // the non-finite rule below makes it inconclusive.
    failed = nonFiniteMismatches > 0 || (checked.abs > tolerance.atol && !(checked.rel <= tolerance.rtol));
    if (nonFiniteMismatches === 0) {
      minAtol = checked.rel <= tolerance.rtol ? 0 : Math.max(0, checked.abs);
      minRtol = checked.abs <= tolerance.atol ? 0 : Number.isNaN(checked.rel) ? Infinity : checked.rel;
    }
  }
  const anyNonFinite = referenceSummary.finite < referenceSummary.count || actualSummary.finite < actualSummary.count;
  const verdict: Verdict = failed ? 'fail' : anyNonFinite ? 'inconclusive' : 'pass';
  return {
    reference: referenceSummary,
    actual: actualSummary,
    absDiff,
    relDiff,
    absHistogram,
    relHistogram,
    zeroReference,
    tolerance,
    mode,
    ...(checked ? { checked } : {}),
    outside,
    nonFiniteMismatches,
    minAtol,
    minRtol,
    toleranceRatio,
    verdict,
  };
}
