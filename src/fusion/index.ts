/** The fusion engine: find candidates (with reasons), fold them exactly, report what changed. */
export { applyAll, applyFusions, type FusionResult } from './apply.ts';
export { findFusions } from './find.ts';
export type * from './types.ts';
