/**
 * A finished comparison as the page shows and copies it: the comparison core's report plus how
 * the page ran it. Types only, over the pure compare/ core and the runtime's message types, so
 * that report formatting is testable under Node.
 */
import type { Tolerance } from '../compare/diff.ts';
import type { OutputReport, VerificationReport } from '../compare/judge.ts';
import type { LatencyStats } from '../compare/latency.ts';
import type { Verdict } from '../compare/verdict.ts';
import type { OptimizationLevel, Provider } from '../runtime/protocol.ts';

/** One output pair, judged (compare/judge.ts). */
export type OutputComparison = OutputReport;

export interface CompareReport {
  /** What each input was fed, e.g. "image[1,3,32,32] ← orange.png (imagenet)" or "… random, seed 1". */
  inputs: string[];
  /**
   * The two models: "original" and "fused" when the model is compared with its own changes, the
   * loaded model's and the other file's names after "Compare with file…".
   */
  labels: { reference: string; actual: string };
  /** Outputs only one model has, and a sentence when some were matched by position. */
  matching: VerificationReport['matching'];
  provider: Provider;
  threads: number;
  crossOriginIsolated: boolean;
  optimization: { original: OptimizationLevel; fused: OptimizationLevel };
  warmup: number;
  /** False when the models were too large to hold both, and ran one after the other. */
  interleaved: boolean;
  /** Nothing had changed when it ran: the model was compared with itself. */
  unchanged: boolean;
  tolerance: Tolerance;
  outputs: OutputComparison[];
  latency: { original: LatencyStats; fused: LatencyStats; ratio: number };
  samples: { original: number[]; fused: number[] };
  /** Any output failing fails (so does an output only the reference has); else any inconclusive output makes the whole comparison inconclusive. */
  verdict: Verdict;
  /** verdict === 'pass', kept for readers of the JSON report. */
  pass: boolean;
}

/** The labels of a model compared with its own changes. */
export const FUSED_LABELS = { reference: 'original', actual: 'fused' } as const;
