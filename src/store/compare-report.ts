/**
 * A finished comparison as the page shows and copies it. Types only, over the pure compare/ core
 * and the runtime's message types, so that report formatting is testable under Node.
 */
import type { OutputDiff, Tolerance } from '../compare/diff.ts';
import type { DiffHistogram, LatencyStats } from '../compare/latency.ts';
import type { Verdict, VerdictNote } from '../compare/verdict.ts';
import type { OptimizationLevel, Provider } from '../runtime/protocol.ts';

export interface OutputComparison extends OutputDiff {
  name: string;
  type: string;
  dims: number[];
  histogram: DiffHistogram;
  /** Why the verdict is what it is, when the figures alone would mislead (NaN/Inf, values near zero). */
  notes: VerdictNote[];
}

export interface CompareReport {
  /** What each input was fed, e.g. "image[1,3,32,32] ← orange.png (imagenet)" or "… random, seed 1". */
  inputs: string[];
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
  /** Any output failing fails; else any inconclusive output makes the whole comparison inconclusive. */
  verdict: Verdict;
  /** verdict === 'pass', kept for readers of the JSON report. */
  pass: boolean;
}
