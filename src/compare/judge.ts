/**
 * Judging a comparison: each matched pair of outputs against its tolerance, and the whole run's
 * verdict and report. The page and the command line build their reports here; they only add how
 * they ran (provider, latency, runtime).
 */
import { defaultTolerance, diffOutputs, type OutputDiff, type Tolerance } from './diff.ts';
import { type DiffHistogram, diffHistogram } from './latency.ts';
import { matchingNote, matchOutputs, type OutputMatching } from './match.ts';
import type { PlannedInput } from './plan.ts';
import { type CheckMode, compareStats, ELEMENTWISE, type OutputStats } from './stats.ts';
import { explainDiff, overallVerdict, type Verdict, type VerdictNote } from './verdict.ts';

/** One model's output, its values already numbers (see numbers.ts). */
export interface OutputValues {
  name: string;
  type: string;
  dims: readonly number[];
  values: ArrayLike<number>;
}

/** A matched pair of outputs, as kept to judge again at another tolerance without running again. */
export interface OutputPairValues {
  /** The reference model's output name. */
  name: string;
  /** The other model's output name (the same unless matched by position). */
  actualName: string;
  matchedBy: 'name' | 'position';
  type: string;
  dims: number[];
  /** The other model's dims, when they differ from the reference's. */
  actualDims?: number[];
  reference: ArrayLike<number>;
  actual: ArrayLike<number>;
}

export interface OutputReport extends OutputDiff {
  name: string;
  actualName: string;
  matchedBy: 'name' | 'position';
  type: string;
  dims: number[];
  actualDims?: number[];
  tolerance: Tolerance;
  histogram: DiffHistogram;
  /**
   * Polygraphy's statistics (stats.ts): each model's and the differences' mean, std, min, max,
   * median, p90/p95/p99, histograms, the smallest passing atol and rtol, the check mode. Absent
   * when the shapes differ.
   */
  stats?: OutputStats;
  /** Why the verdict is what it is, when the figures alone would mislead (shape, NaN/Inf, near zero). */
  notes: VerdictNote[];
}

/**
 * How outputs are checked beyond the run's tolerance (Polygraphy's --atol, --rtol and
 * --check-error-stat): float tolerances for every output, and tolerances and check modes per
 * output name.
 */
export interface JudgeOptions {
  /** Replaces the run's atol and/or rtol for float outputs. */
  tolerance?: Partial<Tolerance>;
  /** How every output is checked: elementwise (the default) or a statistic of the differences. */
  mode?: CheckMode;
  /** By output name (of the reference model): atol, rtol and mode for that output alone. */
  perOutput?: Readonly<Record<string, Partial<Tolerance> & { mode?: CheckMode }>>;
}

/** An input as the report states it. */
export interface InputReport {
  name: string;
  type: string;
  dims: number[];
  source: string;
}

export interface VerificationReport {
  inputs: InputReport[];
  outputs: OutputReport[];
  /** Outputs that could not be paired, and how pairing went when it was not all by name. */
  matching: { onlyReference: string[]; onlyActual: string[]; note?: string };
  /**
   * Any output failing fails, and so does an output of the reference that the other model lacks;
   * else any inconclusive output (NaN/Inf in both models) makes the whole comparison inconclusive.
   */
  verdict: Verdict;
  /** verdict === 'pass', kept for readers of the JSON report. */
  pass: boolean;
}

/** How outputs of a type are judged: integers and booleans exactly, floats by `chosen` or their type's default. */
export function toleranceFor(type: string, chosen?: Tolerance): Tolerance {
  if (!type.startsWith('float')) return { atol: 0, rtol: 0 };
  return chosen ?? defaultTolerance(type);
}

/** The default tolerance of a run: that of its first float output (float16 outputs are looser). */
export function runTolerance(pairs: readonly { type: string }[]): Tolerance {
  return defaultTolerance(pairs.find((p) => p.type.startsWith('float'))?.type ?? 'float32');
}

/** Pairs the two models' outputs (see match.ts); the values stay views. */
export function pairOutputs(
  reference: readonly OutputValues[],
  actual: readonly OutputValues[],
): { pairs: OutputPairValues[]; matching: OutputMatching } {
  const matching = matchOutputs(
    reference.map((o) => o.name),
    actual.map((o) => o.name),
  );
  const pairs = matching.pairs.map((m): OutputPairValues => {
    const r = reference.find((o) => o.name === m.reference) as OutputValues;
    const a = actual.find((o) => o.name === m.actual) as OutputValues;
    const sameShape = r.dims.join() === a.dims.join();
    return {
      name: r.name,
      actualName: a.name,
      matchedBy: m.by,
      type: r.type,
      dims: [...r.dims],
      ...(sameShape ? {} : { actualDims: [...a.dims] }),
      reference: r.values,
      actual: a.values,
    };
  });
  return { pairs, matching };
}

/**
 * One pair of outputs against its tolerance. Different shapes fail without comparing values. In a
 * mode other than elementwise, the mode's statistic decides the verdict (stats.ts).
 */
export function judgePair(pair: OutputPairValues, tolerance: Tolerance, mode: CheckMode = ELEMENTWISE): OutputReport {
  const head = {
    name: pair.name,
    actualName: pair.actualName,
    matchedBy: pair.matchedBy,
    type: pair.type,
    dims: pair.dims,
    ...(pair.actualDims ? { actualDims: pair.actualDims } : {}),
    tolerance,
  };
  if (pair.actualDims || pair.reference.length !== pair.actual.length) {
    const count = Math.max(pair.reference.length, pair.actual.length);
    return {
      ...head,
      ...shapeMismatch(count),
      histogram: { edges: [], counts: [] },
      notes: [
        {
          kind: 'shape',
          text: `The models give this output in different shapes: [${pair.dims.join(', ')}] and [${(pair.actualDims ?? []).join(', ')}]; no value could be compared.`,
        },
      ],
    };
  }
  const diff = diffOutputs(pair.reference, pair.actual, tolerance);
  const stats = compareStats(pair.reference, pair.actual, tolerance, mode);
  const verdict = mode.kind === 'elementwise' ? diff.verdict : stats.verdict;
  return {
    ...head,
    ...diff,
    verdict,
    pass: verdict === 'pass',
    stats,
    histogram: diffHistogram(pair.reference, pair.actual),
    notes: explainDiff(diff, tolerance),
  };
}

function shapeMismatch(count: number): OutputDiff {
  return {
    count,
    compared: 0,
    maxAbs: Number.POSITIVE_INFINITY,
    meanAbs: Number.POSITIVE_INFINITY,
    maxRel: Number.POSITIVE_INFINITY,
    cosine: 0,
    outsideShare: 1,
    outside: count,
    nonFiniteMismatches: 0,
    nonFinite: { reference: 0, actual: 0 },
    minimalAtol: Number.POSITIVE_INFINITY,
    nearZero: 0,
    verdict: 'fail',
    pass: false,
  };
}

/**
 * Every pair judged: float outputs at `chosen` (or their type's default), integers exactly; then
 * `options` (a float atol/rtol for all, tolerances and modes per output name) on top.
 */
export function judgePairs(
  pairs: readonly OutputPairValues[],
  chosen?: Tolerance,
  options: JudgeOptions = {},
): OutputReport[] {
  return pairs.map((pair) => {
    const base = toleranceFor(pair.type, chosen);
    const all = pair.type.startsWith('float') ? options.tolerance : undefined;
    const own = options.perOutput?.[pair.name];
    const tolerance = {
      atol: own?.atol ?? all?.atol ?? base.atol,
      rtol: own?.rtol ?? all?.rtol ?? base.rtol,
    };
    return judgePair(pair, tolerance, own?.mode ?? options.mode ?? ELEMENTWISE);
  });
}

/** The verdict over all outputs, failing when the reference has outputs the other model lacks. */
export function verdictOver(outputs: readonly OutputReport[], matching: Pick<OutputMatching, 'onlyReference'>) {
  const verdict: Verdict = matching.onlyReference.length > 0 ? 'fail' : overallVerdict(outputs.map((o) => o.verdict));
  return { verdict, pass: verdict === 'pass' };
}

/**
 * The report of one comparison. `labels` name the two models in notes ("original"/"fused", or the
 * two files' names).
 */
export function buildVerification(
  inputs: readonly PlannedInput[],
  pairs: readonly OutputPairValues[],
  matching: OutputMatching,
  labels: { reference: string; actual: string },
  chosen?: Tolerance,
  options: JudgeOptions = {},
): VerificationReport {
  const outputs = judgePairs(pairs, chosen, options);
  const note = matchingNote(matching, labels);
  return {
    inputs: inputs.map((i) => ({ name: i.name, type: i.type, dims: i.dims, source: i.source })),
    outputs,
    matching: { onlyReference: matching.onlyReference, onlyActual: matching.onlyActual, ...(note ? { note } : {}) },
    ...verdictOver(outputs, matching),
  };
}
