import type { OutputDiff, Tolerance } from '../compare/diff.ts';
import type { Normalization } from '../compare/image.ts';
import type { DiffHistogram, LatencyStats } from '../compare/latency.ts';
import type { CompareProgress } from '../compare/progress.ts';
import type { Verdict, VerdictNote } from '../compare/verdict.ts';
import type { OptimizationLevel, ProbeResult, Provider } from '../runtime/client.ts';

export type { OutputDiff, Tolerance } from '../compare/diff.ts';
export type { Normalization } from '../compare/image.ts';
export type { DiffHistogram, LatencyStats } from '../compare/latency.ts';
export type { CompareProgress } from '../compare/progress.ts';
export type { Verdict, VerdictNote } from '../compare/verdict.ts';
export type { OptimizationLevel, ProbeResult, Provider } from '../runtime/client.ts';

/** "same": both models at one level; "ort-optimizer": the original at 'all' against the fused at 'disabled'. */
export type CompareSetup = 'same' | 'ort-optimizer';

export interface CompareOptions {
  provider: Provider;
  threads: number;
  optimization: OptimizationLevel;
  setup: CompareSetup;
  warmup: number;
  runs: number;
  seed: number;
  /** Random float inputs are uniform in [-inputScale, inputScale). */
  inputScale: number;
  /** Sizes for symbolic dimensions, by name. */
  sizes: Record<string, number>;
}

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
  tolerance: Tolerance;
  outputs: OutputComparison[];
  latency: { original: LatencyStats; fused: LatencyStats; ratio: number };
  samples: { original: number[]; fused: number[] };
  /** Any output failing fails; else any inconclusive output makes the whole comparison inconclusive. */
  verdict: Verdict;
  /** verdict === 'pass', kept for readers of the JSON report. */
  pass: boolean;
}

export interface CompareSlice {
  compareOpen: boolean;
  compareOptions: CompareOptions;
  compareProgress: CompareProgress | undefined;
  compareReport: CompareReport | undefined;
  /** Raw outputs of the last run, kept so that a new tolerance re-judges without running again. */
  compareRaw:
    | { name: string; type: string; dims: number[]; original: ArrayLike<number>; fused: ArrayLike<number> }[]
    | undefined;
  compareError: string | undefined;
  probe: ProbeResult | undefined;
  tolerance: Tolerance;
  /** A picture to feed the model's image input instead of random data. */
  image: { name: string; bitmap: ImageBitmap } | undefined;
  normalization: Normalization;
  setImage: (file: File | undefined) => Promise<void>;
  setNormalization: (normalization: Normalization) => void;
  openCompare: (open: boolean) => void;
  setCompareOptions: (patch: Partial<CompareOptions>) => void;
  setTolerance: (tolerance: Tolerance) => void;
  runCompare: () => Promise<void>;
  cancelCompare: () => void;
}
