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
  const result = runOptimizer(model, { passes, sideFiles });
  const applied = result.record.passes.filter((p) => p.applied.length > 0);
  if (applied.length === 0) {
    throw new OnnxError(
      'NOTHING_TO_OPTIMIZE',
      'Nothing was optimized: the selected passes found nothing to change in this model.',
    );
  }
  const before = countNodes(model);
  const after = countNodes(result.model);
  return {
    model: result.model,
    sideFiles: result.sideFiles,
    description: `Optimized: ${before} → ${after} nodes (${applied.map((p) => `${p.pass} ${p.applied.length}`).join(', ')})`,
    // Most of the graph may have changed: no single place to point at.
    changed: { nodes: [], values: [] },
    optimized: result,
  };
}

function sentence(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}${text.endsWith('.') ? '' : '.'}`;
}
