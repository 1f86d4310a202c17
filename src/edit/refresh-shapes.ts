import type { GraphProto, ModelProto, ValueInfoProto } from '../onnx/types.ts';
import { inferShapes, lookupShape } from '../optimize/shape/index.ts';
import { copyMessage, withGraphFields } from './copy.ts';
import { valuesDownstreamOf } from './graph-walk.ts';
import { tensorType } from './value-types.ts';

/**
 * Recomputes the declared shapes (value_info, graph outputs) of every main-graph value that
 * depends on `changed`, after their shapes changed (a new input shape, a reshaped weight). The
 * stale declarations are dropped before inferring (inference lets a declared dim fill what it
 * cannot work out, so a stale one would survive), then each is written back with what inference
 * now knows: dims where it knows them, the element type alone where it does not. Declarations of
 * values that do not depend on `changed` are left as they were.
 */
export function refreshShapes(model: ModelProto, changed: readonly string[]): ModelProto {
  const graph = model.graph as GraphProto;
  const stale = valuesDownstreamOf(graph, changed);
  const isStale = (v: ValueInfoProto) => stale.has(v.name ?? '') && v.type?.tensorType !== undefined;
  const stripped = withGraphFields(model, {
    valueInfo: (graph.valueInfo ?? []).filter((v) => !isStale(v)),
    output: (graph.output ?? []).map((v) => (isStale(v) ? unshaped(v) : v)),
  });
  const shapes = inferShapes(stripped);
  const refill = (v: ValueInfoProto): ValueInfoProto => {
    if (!isStale(v)) return v;
    const inferred = lookupShape(shapes, 'main', v.name ?? '');
    const elemType = inferred?.elemType || v.type?.tensorType?.elemType || 0;
    return copyMessage(v, { type: tensorType(elemType, inferred?.dims) });
  };
  return withGraphFields(model, {
    valueInfo: (graph.valueInfo ?? []).map(refill),
    output: (graph.output ?? []).map(refill),
  });
}

function unshaped(v: ValueInfoProto): ValueInfoProto {
  return copyMessage(v, { type: tensorType(v.type?.tensorType?.elemType ?? 0, undefined) });
}
