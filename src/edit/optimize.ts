import { OnnxError } from '../onnx/errors.ts';
import { optimize as runOptimizer, selectPasses, UnknownPassError } from '../optimize/index.ts';
import { countNodes } from './count.ts';
import type { EditContext, EditOutcome } from './result.ts';
import type { EditOp } from './types.ts';

type Optimize = Extract<EditOp, { op: 'optimize' }>;

/**
 * The optimizer's passes (all when `passes` is absent) to a fixed point, through src/optimize.
 * Refused with UNKNOWN_PASS for a name the registry lacks and NOTHING_TO_OPTIMIZE when no pass
 * changed anything (no empty step to undo).
 */
export function optimize({ model, sideFiles }: EditContext, op: Optimize): EditOutcome {
  let passes: string[];
  try {
    passes = selectPasses(op.passes ? { passes: op.passes } : {}).map((p) => p.name);
  } catch (error) {
    if (error instanceof UnknownPassError) throw new OnnxError('UNKNOWN_PASS', sentence(error.message));
    throw error;
  }
  if (passes.length === 0) throw new OnnxError('NOTHING_TO_OPTIMIZE', 'Nothing was optimized: no pass is selected.');
  const result = runOptimizer(model, { passes, sideFiles, ...(op.only ? { only: op.only } : {}) });
  const applied = result.record.passes.filter((p) => p.applied.length > 0);
  if (applied.length === 0) {
    throw new OnnxError(
      'NOTHING_TO_OPTIMIZE',
      op.only
        ? `Nothing was optimized: ${op.only.join(', ')} is no longer a candidate the selected passes can apply.`
        : 'Nothing was optimized: the selected passes found nothing to change in this model.',
    );
  }
  const before = countNodes(model);
  const after = countNodes(result.model);
  return {
    model: result.model,
    sideFiles: result.sideFiles,
    description: describeOptimize(
      before,
      after,
      applied.map((p) => ({ pass: p.pass, count: p.applied.length })),
    ),
    // Most of the graph may have changed: no single place to point at.
    changed: { nodes: [], values: [] },
    optimized: result,
  };
}

/** One line for an optimizer step: nodes before and after, and what each pass that did anything applied. */
export function describeOptimize(
  before: number,
  after: number,
  passes: readonly { pass: string; count: number }[],
): string {
  return `Optimized: ${before} → ${after} nodes (${passes.map((p) => `${p.pass} ${p.count}`).join(', ')})`;
}

function sentence(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}${text.endsWith('.') ? '' : '.'}`;
}
