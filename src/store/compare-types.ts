import type { Tolerance } from '../compare/diff.ts';
import type { Normalization } from '../compare/image.ts';
import type { OutputPairValues } from '../compare/judge.ts';
import type { RawTensor } from '../compare/plan.ts';
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

/**
 * What one input is fed, as chosen in the options: seeded random data (the default), a typed value
 * list, a .npy or .pb file (read and parsed when chosen), or the picture (`image`, for the image
 * input).
 */
export type InputChoice =
  | { kind: 'random' }
  | { kind: 'values'; text: string }
  | { kind: 'file'; fileName: string; format: 'npy' | 'pb'; tensor: RawTensor }
  | { kind: 'picture' };

/** The second model of "Compare with file…", with the side files picked with it. */
export interface CompareFile {
  name: string;
  model: File;
  sideFiles: File[];
}

export interface CompareSlice {
  compareOpen: boolean;
  compareOptions: CompareOptions;
  compareProgress: CompareProgress | undefined;
  compareReport: CompareReport | undefined;
  /** Matched output pairs of the last run, kept so that a new tolerance re-judges without running again. */
  compareRaw: OutputPairValues[] | undefined;
  compareError: string | undefined;
  probe: ProbeResult | undefined;
  tolerance: Tolerance;
  /** A picture to feed the model's image input instead of random data. */
  image: { name: string; bitmap: ImageBitmap } | undefined;
  normalization: Normalization;
  /** Data for inputs by name; an input not named gets seeded random data (or the picture). */
  inputChoices: Record<string, InputChoice>;
  /** Set: the loaded model (as it is now) is compared with this file instead of with its own changes. */
  compareWith: CompareFile | undefined;
  setImage: (file: File | undefined) => Promise<void>;
  setNormalization: (normalization: Normalization) => void;
  setInputChoice: (input: string, choice: InputChoice) => void;
  /** Reads a .npy or .pb file for an input; a file that cannot be read or does not fit is refused with a sentence. */
  loadInputFile: (input: string, file: File) => Promise<void>;
  /** The files picked with "Compare with file…" (the first .onnx is the model, the rest side files); none clears it. */
  setCompareWith: (files: readonly File[]) => void;
  openCompare: (open: boolean) => void;
  setCompareOptions: (patch: Partial<CompareOptions>) => void;
  setTolerance: (tolerance: Tolerance) => void;
  runCompare: () => Promise<void>;
  cancelCompare: () => void;
}
