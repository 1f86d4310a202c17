import type { Tolerance } from '../compare/diff.ts';
import type { Normalization } from '../compare/image.ts';
import type { CompareProgress } from '../compare/progress.ts';
import type { OptimizationLevel, ProbeResult, Provider } from '../runtime/client.ts';
import type { CompareReport } from './compare-report.ts';

export type { OutputDiff, Tolerance } from '../compare/diff.ts';
export type { Normalization } from '../compare/image.ts';
export type { DiffHistogram, LatencyStats } from '../compare/latency.ts';
export type { CompareProgress } from '../compare/progress.ts';
export type { Verdict, VerdictNote } from '../compare/verdict.ts';
export type { OptimizationLevel, ProbeResult, Provider } from '../runtime/client.ts';
export type { CompareReport, OutputComparison } from './compare-report.ts';

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
