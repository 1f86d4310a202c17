/** Verification: input plans, output numbers, matching, judging, verdicts (pass, fail, inconclusive) and reports. */
export { defaultTolerance, diffOutputs, type NumericArray, type OutputDiff, type Tolerance } from './diff.ts';
export { CompareError, type CompareErrorCode, isCompareError } from './errors.ts';
export { type InputData, type InputSpec, type InputTensor, symbolicDims } from './inputs.ts';
export {
  buildVerification,
  type InputReport,
  type JudgeOptions,
  judgePair,
  judgePairs,
  type OutputPairValues,
  type OutputReport,
  type OutputValues,
  pairOutputs,
  runTolerance,
  toleranceFor,
  type VerificationReport,
  verdictOver,
} from './judge.ts';
export { type DiffHistogram, diffHistogram, type LatencyStats, latencyStats } from './latency.ts';
export { matchOutputs, type OutputMatch, type OutputMatching } from './match.ts';
export { type HalfFloats, outputNumbers } from './numbers.ts';
export { type InputPlanOptions, type InputSource, type PlannedInput, planInputs, type RawTensor } from './plan.ts';
export { createRandom, uniform } from './random.ts';
export { describeInputs, inputsRefused } from './refusal.ts';
export type { HostTensor, TensorData } from './tensors.ts';
export { parseValueList } from './values.ts';
export {
  explainDiff,
  headline,
  overallVerdict,
  type Verdict,
  type VerdictNote,
  verdictOf,
} from './verdict.ts';
