import type { NodeProto } from '../onnx/types.ts';
import { onnxOp } from './attributes.ts';
import { BlockedError } from './checks.ts';
import type { FusionPlan, PlanOrBlocked } from './plan.ts';
import type { GraphScope } from './scope.ts';
import type { FusionCandidate, FusionKind } from './types.ts';

/** Stable id: kind, graph (omitted for the main graph) and the value the fused node will produce. */
export function candidateId(kind: FusionKind, graphPath: string, output: string): string {
  return graphPath === 'main' ? `${kind}:${output}` : `${kind}:${graphPath}:${output}`;
}

export function describeCandidate(
  kind: FusionKind,
  scope: GraphScope,
  kept: NodeProto,
  folded: NodeProto,
  output: string,
): FusionCandidate {
  return {
    id: candidateId(kind, scope.path, output),
    kind,
    graphPath: scope.path,
    keptNode: kept.name ?? '',
    keptOp: onnxOp(kept),
    foldedNode: folded.name ?? '',
    foldedOp: onnxOp(folded),
    output,
    status: 'fusible',
  };
}

/**
 * Runs `check`, which returns the fusion plan or throws BlockedError; a block becomes a blocked
 * candidate with its reason.
 */
export function evaluate(candidate: FusionCandidate, check: () => FusionPlan): PlanOrBlocked {
  try {
    return { plan: check() };
  } catch (error) {
    if (!(error instanceof BlockedError)) throw error;
    return {
      candidate: { ...candidate, status: 'blocked', blocked: { reason: error.reason, message: error.message } },
    };
  }
}
