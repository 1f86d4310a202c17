import { describeFusion, describeOptimize, type EditChanges, fusionChanges } from '../edit/index.ts';
import type { FusionResult } from '../fusion/index.ts';
import type { GraphView } from '../layout/index.ts';
import { OnnxError } from '../onnx/index.ts';
import type { ModelProto } from '../onnx/types.ts';
import type { StepGraph } from '../view/index.ts';
import type { HistoryStep } from './history.ts';
import type { OptimizeStep } from './optimize-step.ts';
import type { OptimizeSummary } from './steps.ts';

export const NO_CHANGES: EditChanges = { nodes: [], values: [] };

/** A fusion request that changes nothing is refused (and is not a step to undo). */
export const NOTHING_LEFT = 'Nothing was fused: there is nothing left to fuse.';

export interface Step extends HistoryStep {
  model: ModelProto;
  sideFiles: Map<string, Uint8Array>;
  /** What an optimize step did, for the page's summary. */
  optimized?: OptimizeSummary;
  /** What the step changed, for highlighting right after it. */
  changed: EditChanges;
  graph: StepGraph;
  view: GraphView;
}

/** A new step's content, before its graph is found and laid out. */
export type NewStep = Pick<
  Step,
  'model' | 'sideFiles' | 'record' | 'applied' | 'optimized' | 'description' | 'changed'
>;

/** The step a fusion makes; refused, with the reason of the first skipped pair, when it applied nothing. */
export function fusedStep(result: FusionResult): NewStep {
  const applied = result.record.applied;
  if (applied.length === 0) {
    const reason = result.record.skipped[0]?.reason;
    throw new OnnxError('NOTHING_TO_FUSE', reason ? `Nothing was fused: ${reason}` : NOTHING_LEFT);
  }
  return {
    model: result.model,
    sideFiles: result.sideFiles,
    record: { op: 'fuse', ids: applied.map((a) => a.id) },
    applied,
    description: describeFusion(result.record),
    changed: fusionChanges(result.model, applied),
  };
}

/** The step an optimizer run makes; with `only`, the candidates it was limited to are part of its record. */
export function optimizedStep(done: OptimizeStep, only: readonly string[] | undefined): NewStep {
  return {
    model: done.model,
    sideFiles: done.sideFiles,
    record: { op: 'optimize', passes: done.passes, ...(only ? { only: [...only] } : {}) },
    applied: done.folds,
    optimized: done.summary,
    description: describeOptimize(
      done.summary.before.totalNodes,
      done.summary.after.totalNodes,
      done.summary.passes.filter((p) => p.applied > 0).map((p) => ({ pass: p.pass, count: p.applied })),
    ),
    changed: NO_CHANGES,
  };
}
