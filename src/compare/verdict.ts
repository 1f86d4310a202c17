import type { OutputDiff, Tolerance } from './diff.ts';
import { formatSci } from './format.ts';

/**
 * What comparing an output (or all of them) shows. The verdict must never claim more than the
 * numbers prove:
 * - `fail`: a value is outside tolerance, or is NaN/±Inf in one model where the other model has
 *   something else at that place (a number, the other infinity, NaN against Inf).
 * - `inconclusive`: nothing is outside tolerance, but some values are NaN or ±Inf in both models.
 *   Equal non-finite values say nothing about closeness (a wrongly folded model overflows just the
 *   same), so such an output is never a pass, even when its finite values all agree.
 * - `pass`: every value is finite in both models and within tolerance.
 */
export type Verdict = 'pass' | 'fail' | 'inconclusive';

export function verdictOf(d: Pick<OutputDiff, 'outside' | 'nonFinite'>): Verdict {
  if (d.outside > 0) return 'fail';
  if (d.nonFinite.reference > 0 || d.nonFinite.actual > 0) return 'inconclusive';
  return 'pass';
}

/**
 * The headline over all outputs: any fail fails; otherwise any inconclusive output makes the whole
 * comparison inconclusive; no outputs at all proves nothing either.
 */
export function overallVerdict(verdicts: readonly Verdict[]): Verdict {
  if (verdicts.includes('fail')) return 'fail';
  if (verdicts.length === 0 || verdicts.includes('inconclusive')) return 'inconclusive';
  return 'pass';
}

/**
 * The lowest cosine an output can have when every value is within rtol·|reference| alone: then
 * ‖actual − reference‖ ≤ rtol·‖reference‖, so the angle θ between them has sin θ ≤ rtol. A passing
 * output with a lower cosine owes it to values where atol, not rtol, set the allowance: values near
 * zero.
 */
export function cosineFloor(rtol: number): number {
  return rtol >= 1 ? 0 : Math.sqrt(1 - rtol * rtol);
}

export interface VerdictNote {
  /** 'shape': the two models gave the output in different shapes, so no value could be compared. */
  kind: 'non-finite' | 'near-zero' | 'shape';
  text: string;
}

function share(part: number, whole: number): string {
  if (whole === 0 || part === 0) return '0%';
  const percent = (100 * part) / whole;
  return percent < 1 ? 'under 1%' : `${Math.round(percent)}%`;
}

function nonFiniteNotes(d: OutputDiff): VerdictNote[] {
  const notes: VerdictNote[] = [];
  if (d.nonFiniteMismatches > 0) {
    notes.push({
      kind: 'non-finite',
      text: `${d.nonFiniteMismatches} of ${d.count} values are NaN or ±Inf in one model but not the same in the other: the models disagree there.`,
    });
  } else if (d.verdict === 'inconclusive') {
    // No mismatches: both models have their non-finite values at the same places.
    const both = d.nonFinite.reference;
    notes.push({
      kind: 'non-finite',
      text:
        both === d.count
          ? `Every value (${d.count}) is NaN or ±Inf in both models, so nothing could be compared.`
          : `${both} of ${d.count} values are NaN or ±Inf in both models and cannot be compared; the other ${d.count - both} are within tolerance.`,
    });
  }
  return notes;
}

/**
 * Why relative error or cosine look alarming on an output where nothing is outside tolerance.
 * Criterion: no value is outside tolerance, and max rel exceeds rtol or the cosine is below
 * cosineFloor(rtol), figures rtol alone could not allow. Then the values that pushed them there
 * were judged by atol: those with rtol·|reference| < atol, i.e. near zero.
 */
function nearZeroNote(d: OutputDiff, tolerance: Tolerance): VerdictNote | undefined {
  if (d.outside > 0) return undefined;
  const figures = [
    ...(d.maxRel > tolerance.rtol ? [`max rel ${formatSci(d.maxRel)}`] : []),
    ...(d.cosine < cosineFloor(tolerance.rtol) ? [`cosine ${d.cosine.toFixed(6)}`] : []),
  ];
  if (figures.length === 0) return undefined;
  const where =
    tolerance.rtol > 0
      ? `${share(d.nearZero, d.compared)} of the original's values are within ±${Number((tolerance.atol / tolerance.rtol).toPrecision(3))} (atol ÷ rtol), where the absolute tolerance ${tolerance.atol} decides`
      : `with rtol 0, the absolute tolerance ${tolerance.atol} decides every value`;
  const verb = figures.length === 1 ? 'comes' : 'come';
  return {
    kind: 'near-zero',
    text: `The ${figures.join(' and ')} ${verb} from values near zero: ${where}. Every compared value is within tolerance.`,
  };
}

/** Notes to show beside an output's figures: why it is inconclusive or failed on NaN/Inf, and near-zero effects. */
export function explainDiff(d: OutputDiff, tolerance: Tolerance): VerdictNote[] {
  const nearZero = nearZeroNote(d, tolerance);
  return [...nonFiniteNotes(d), ...(nearZero ? [nearZero] : [])];
}

/**
 * Whether any output has NaN/±Inf values, in either model. Then the page and the command line say
 * what to try, each with its own controls: the cause is nearly always the inputs, not the fusion.
 */
export function anyNonFinite(outputs: readonly Pick<OutputDiff, 'nonFinite'>[]): boolean {
  return outputs.some((o) => o.nonFinite.reference + o.nonFinite.actual > 0);
}

/** The one-line headline of a whole comparison, shared by the page and the command line. */
export function headline(verdict: Verdict, outputs: readonly { verdict: Verdict }[]): string {
  switch (verdict) {
    case 'pass':
      return 'All outputs agree.';
    case 'fail':
      return 'Outputs differ beyond tolerance.';
    default: {
      const n = outputs.filter((o) => o.verdict === 'inconclusive').length;
      if (outputs.length === 0) return 'Inconclusive: the models have no outputs to compare.';
      return `Inconclusive: ${n === outputs.length ? (n === 1 ? 'the output holds' : 'every output holds') : `${n} of ${outputs.length} outputs hold`} NaN or ±Inf in both models, which proves nothing about the fusion.`;
    }
  }
}
