/** Graph diff: which nodes of two models were removed, added or changed, and how. */
export { diffModels, type GraphDiffOptions } from './diff.ts';
export type { DiffSideFiles } from './tensors.ts';
export type * from './types.ts';
