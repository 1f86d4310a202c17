import { OnnxError } from '../onnx/errors.ts';
import type { GraphProto } from '../onnx/types.ts';
import { withGraphFields } from './copy.ts';
import { producerRefs } from './producers.ts';
import { clip, requireValue } from './refs.ts';
import type { EditContext, EditOutcome } from './result.ts';
import type { EditOp } from './types.ts';
import { lazyShapes, valueInfoFor } from './value-types.ts';

type AddOutput = Extract<EditOp, { op: 'add-output' }>;

/**
 * Makes a main-graph value a graph output, with its type and shape as the file declares them or
 * as shape inference works them out (a name alone when neither knows: runtimes infer it).
 */
export function addOutput({ model }: EditContext, op: AddOutput): EditOutcome {
  const graph = model.graph as GraphProto;
  requireValue(graph, op.value);
  if ((graph.output ?? []).some((o) => o.name === op.value)) {
    throw new OnnxError('EDIT_INVALID', `"${clip(op.value)}" is already a graph output.`);
  }
  const info = valueInfoFor(model, op.value, lazyShapes(model));
  const next = withGraphFields(model, { output: [...(graph.output ?? []), info] });
  return {
    model: next,
    description: `Made "${clip(op.value)}" an output`,
    changed: { nodes: producerRefs(next.graph as GraphProto, [op.value]), values: [op.value] },
  };
}
