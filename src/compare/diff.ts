import { type Verdict, verdictOf } from './verdict.ts';

/**
 * How far one output is from another, the way Polygraphy reports it. `reference` is the original
 * model's output; `actual` the fused model's. An element is within tolerance when
 * |actual − reference| ≤ atol + rtol·|reference| (NumPy's isclose); a NaN or ±Inf is never
 * "within tolerance" of anything, and what an output's non-finite values mean for its verdict is
 * decided in verdict.ts.
 */

export interface Tolerance {
  atol: number;
  rtol: number;
}

export interface OutputDiff {
  count: number;
  /**
   * Elements finite in both outputs: the ones every figure below is measured on. 0 with count > 0
   * means nothing was measured, whatever maxAbs and cosine say.
   */
  compared: number;
  maxAbs: number;
  meanAbs: number;
  /** max |a − r| / |r| over elements with r ≠ 0. */
  maxRel: number;
  /** Cosine similarity of the two outputs as vectors; 1 when both are all zeros. */
  cosine: number;
  /** Elements outside the tolerance, as a share of all. */
  outsideShare: number;
  outside: number;
  /** NaN or ±Inf where the other side has something else. */
  nonFiniteMismatches: number;
  /** NaN or ±Inf in either output at all (reported even when both agree). */
  nonFinite: { reference: number; actual: number };
  /** The smallest atol (with the given rtol) under which every element would pass. */
  minimalAtol: number;
  /**
   * Finite reference values where atol, not rtol, sets the allowance (rtol·|r| < atol, i.e.
   * |r| < atol/rtol): the "near zero" values that make relative error and cosine look alarming.
   */
  nearZero: number;
  /** See verdict.ts: pass, fail, or inconclusive when values are NaN/±Inf in both models. */
  verdict: Verdict;
  /** verdict === 'pass', kept for readers of the JSON report. */
  pass: boolean;
}

export type NumericArray = ArrayLike<number>;

export function diffOutputs(reference: NumericArray, actual: NumericArray, tolerance: Tolerance): OutputDiff {
  if (reference.length !== actual.length) {
    throw new RangeError(`outputs differ in length: ${reference.length} and ${actual.length}`);
  }
  const n = reference.length;
  let maxAbs = 0;
  let sumAbs = 0;
  let maxRel = 0;
  let dot = 0;
  let normR = 0;
  let normA = 0;
  let outside = 0;
  let nonFiniteMismatches = 0;
  let refNonFinite = 0;
  let actNonFinite = 0;
  let minimalAtol = 0;
  let finiteCount = 0;
  let nearZero = 0;
  for (let i = 0; i < n; i++) {
    const r = reference[i] as number;
    const a = actual[i] as number;
    const rFinite = Number.isFinite(r);
    const aFinite = Number.isFinite(a);
    if (!rFinite) refNonFinite++;
    if (!aFinite) actNonFinite++;
    if (!rFinite || !aFinite) {
      // NaN against NaN or the same infinity is not a difference, but it proves nothing either
      // (verdict.ts); anything else is a mismatch no tolerance covers.
      const same = (Number.isNaN(r) && Number.isNaN(a)) || r === a;
      if (!same) {
        nonFiniteMismatches++;
        outside++;
      }
      continue;
    }
    finiteCount++;
    const abs = Math.abs(a - r);
    maxAbs = Math.max(maxAbs, abs);
    sumAbs += abs;
    if (r !== 0) maxRel = Math.max(maxRel, abs / Math.abs(r));
    dot += a * r;
    normR += r * r;
    normA += a * a;
    const allowed = tolerance.atol + tolerance.rtol * Math.abs(r);
    if (tolerance.rtol * Math.abs(r) < tolerance.atol) nearZero++;
    if (abs > allowed) outside++;
    minimalAtol = Math.max(minimalAtol, abs - tolerance.rtol * Math.abs(r));
  }
  const nonFinite = { reference: refNonFinite, actual: actNonFinite };
  const verdict = verdictOf({ outside, nonFinite });
  const cosine = normR === 0 && normA === 0 ? 1 : normR === 0 || normA === 0 ? 0 : dot / Math.sqrt(normR * normA);
  return {
    count: n,
    compared: finiteCount,
    maxAbs,
    meanAbs: finiteCount === 0 ? 0 : sumAbs / finiteCount,
    maxRel,
    cosine,
    outside,
    outsideShare: n === 0 ? 0 : outside / n,
    nonFiniteMismatches,
    nonFinite,
    minimalAtol: nonFiniteMismatches > 0 ? Number.POSITIVE_INFINITY : Math.max(0, minimalAtol),
    nearZero,
    verdict,
    pass: verdict === 'pass',
  };
}

/** Default tolerances by element type: float32 atol 1e-4 / rtol 1e-3; looser for half precision. */
export function defaultTolerance(elementType: string): Tolerance {
  switch (elementType) {
    case 'float16':
      return { atol: 1e-2, rtol: 1e-2 };
    case 'bfloat16':
      return { atol: 5e-2, rtol: 5e-2 };
    default:
      return { atol: 1e-4, rtol: 1e-3 };
  }
}
