/** Verification: input plans, output differences, verdicts (pass, fail, inconclusive) and statistics. */
export { defaultTolerance, diffOutputs, type NumericArray, type OutputDiff, type Tolerance } from './diff.ts';
export { type InputData, type InputSpec, type InputTensor, randomInputs, symbolicDims } from './inputs.ts';
export { type DiffHistogram, diffHistogram, type LatencyStats, latencyStats } from './latency.ts';
export { createRandom, uniform } from './random.ts';
export {
  explainDiff,
  headline,
  overallVerdict,
  type Verdict,
  type VerdictNote,
  verdictOf,
} from './verdict.ts';
