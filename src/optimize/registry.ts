import { chainsPass } from './passes/chains.ts';
import { constantFoldPass } from './passes/constant-fold.ts';
import { constantsPass } from './passes/constants.ts';
import { deadCodePass } from './passes/dead-code.ts';
import { duplicatesPass } from './passes/duplicates.ts';
import { foldsPass } from './passes/folds.ts';
import { gemmAffinePass } from './passes/gemm-affine.ts';
import { matmulAddToGemmPass } from './passes/matmul-add-to-gemm.ts';
import { noOpsPass } from './passes/no-ops.ts';
import { padIntoConvPass } from './passes/pad-into-conv.ts';
import { shapeFoldPass } from './passes/shape-fold.ts';
import type { OptimizeOptions, Pass } from './types.ts';

/**
 * Every pass, in the order a round runs them (optimize.ts says why this order). A new pass is
 * one file in passes/ and one line here.
 */
export const PASSES: readonly Pass[] = [
  constantsPass,
  constantFoldPass,
  shapeFoldPass,
  noOpsPass,
  chainsPass,
  padIntoConvPass,
  matmulAddToGemmPass,
  gemmAffinePass,
  foldsPass,
  duplicatesPass,
  deadCodePass,
];

/** A pass name the registry does not know, with the names it does: for a one-line usage error. */
export class UnknownPassError extends Error {
  readonly code = 'UNKNOWN_PASS';
  constructor(
    readonly unknown: readonly string[],
    readonly valid: readonly string[],
  ) {
    super(`unknown pass ${unknown.map((n) => `"${n}"`).join(', ')}; valid passes: ${valid.join(', ')}`);
  }
}

/** The passes `options.passes` and `options.skip` select, in registry order. */
export function selectPasses(options: Pick<OptimizeOptions, 'passes' | 'skip'>): Pass[] {
  const names = PASSES.map((p) => p.name);
  const unknown = [...(options.passes ?? []), ...(options.skip ?? [])].filter((n) => !names.includes(n));
  if (unknown.length > 0) throw new UnknownPassError(unknown, names);
  const chosen = options.passes ? new Set(options.passes) : undefined;
  const skipped = new Set(options.skip ?? []);
  return PASSES.filter((p) => (chosen === undefined || chosen.has(p.name)) && !skipped.has(p.name));
}
