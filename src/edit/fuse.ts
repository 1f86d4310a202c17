import {
  type AppliedFusion,
  applyAll,
  applyFusions,
  type FusionRecord,
  type FusionResult,
  findFusions,
} from '../fusion/index.ts';
import { OnnxError } from '../onnx/errors.ts';
import type { GraphProto, ModelProto } from '../onnx/types.ts';
import { producerRefs } from './producers.ts';
import { clip } from './refs.ts';
import type { EditChanges, EditContext, EditOutcome } from './result.ts';
import type { EditOp } from './types.ts';

type Fuse = Extract<EditOp, { op: 'fuse' | 'fuse-all' }>;

const NOTHING_LEFT = 'Nothing was fused: no fusible candidate is left.';

/**
 * Conv/BN-family folds through src/fusion: the candidates named by id (`fuse`), or every fusible
 * one, round after round (`fuse-all`). Refused with NOTHING_TO_FUSE when nothing was folded, so
 * no empty step is recorded.
 */
export function fuse({ model, sideFiles }: EditContext, op: Fuse): EditOutcome {
  let result: FusionResult;
  if (op.op === 'fuse') {
    if (!Array.isArray(op.ids) || op.ids.length === 0)
      throw new OnnxError('EDIT_INVALID', 'Fuse needs at least one candidate id.');
    result = applyFusions(model, op.ids, { sideFiles });
  } else {
    // Fusing copies the whole model first; with nothing fusible that is wasted work, so say so at once.
    if (!findFusions(model, { sideFiles }).some((c) => c.status === 'fusible')) {
      throw new OnnxError('NOTHING_TO_FUSE', NOTHING_LEFT);
    }
    result = applyAll(model, { sideFiles });
  }
  const { applied, skipped } = result.record;
  if (applied.length === 0) {
    const reason = skipped[0]?.reason;
    throw new OnnxError('NOTHING_TO_FUSE', reason ? `Nothing was fused: ${reason}` : NOTHING_LEFT);
  }
  return {
    model: result.model,
    sideFiles: result.sideFiles,
    description: describeFusion(result.record),
    changed: fusionChanges(result.model, applied),
    fusion: result,
  };
}

/** One line for what a fusion step folded: the pair by name when it is one, else how many. */
export function describeFusion(record: FusionRecord): string {
  const { applied, skipped } = record;
  const first = applied[0];
  if (applied.length === 1 && first) {
    return `Fused ${first.foldedOp} "${clip(first.foldedNode)}" into ${first.keptOp} "${clip(first.keptNode)}"`;
  }
  return `Fused ${applied.length} pairs${skipped.length ? ` (${skipped.length} skipped)` : ''}`;
}

/** What a fusion changed in the main graph: the nodes that took the folds, and their outputs. */
export function fusionChanges(model: ModelProto, applied: readonly AppliedFusion[]): EditChanges {
  const outputs = applied.filter((a) => a.graphPath === 'main').map((a) => a.keptOutputAfter);
  return { nodes: producerRefs(model.graph as GraphProto, outputs), values: outputs };
}
