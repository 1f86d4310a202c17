import { OnnxError } from '../onnx/errors.ts';
import type { GraphProto } from '../onnx/types.ts';
import { withGraphFields } from './copy.ts';
import { producerRefs } from './producers.ts';
import { clip } from './refs.ts';
import type { EditContext, EditOutcome } from './result.ts';
import type { EditOp } from './types.ts';

type RemoveOutput = Extract<EditOp, { op: 'remove-output' }>;

/**
 * Drops a graph output. The nodes computing it stay (the optimizer's dead-code pass removes what
 * nothing reads any more). Refused for the last output: a model must compute something.
 */
export function removeOutput({ model }: EditContext, op: RemoveOutput): EditOutcome {
  const graph = model.graph as GraphProto;
  const outputs = graph.output ?? [];
  if (!outputs.some((o) => o.name === op.value)) {
    throw new OnnxError(
      'EDIT_NOT_FOUND',
      `"${clip(op.value)}" is not a graph output (the outputs are ${outputs.map((o) => `"${clip(o.name ?? '')}"`).join(', ') || 'none'}).`,
    );
  }
  const kept = outputs.filter((o) => o.name !== op.value);
  if (kept.length === 0) {
    throw new OnnxError(
      'EDIT_REFUSED',
      `"${clip(op.value)}" is the model's only output; removing it would leave the model without outputs. Make another value an output first.`,
    );
  }
  const next = withGraphFields(model, { output: kept });
  return {
    model: next,
    description: `Removed output "${clip(op.value)}"`,
    changed: { nodes: producerRefs(next.graph as GraphProto, [op.value]), values: [op.value] },
  };
}
