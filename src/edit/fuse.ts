import { applyAll, applyFusions, type FusionResult, findFusions } from '../fusion/index.ts';
import { OnnxError } from '../onnx/errors.ts';
import type { GraphProto } from '../onnx/types.ts';
import { producerRefs } from './producers.ts';
import type { EditContext, EditOutcome } from './result.ts';
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
  const graph = result.model.graph as GraphProto;
  const main = applied.filter((a) => a.graphPath === 'main');
  const first = applied[0];
  const description =
    applied.length === 1 && first
      ? `Fused ${first.foldedOp} "${first.foldedNode}" into ${first.keptOp} "${first.keptNode}"`
      : `Fused ${applied.length} pairs${skipped.length ? ` (${skipped.length} skipped)` : ''}`;
  return {
    model: result.model,
    sideFiles: result.sideFiles,
    description,
    changed: {
      nodes: producerRefs(
        graph,
        main.map((a) => a.keptOutputAfter),
      ),
      values: main.map((a) => a.keptOutputAfter),
    },
    fusion: result,
  };
}
