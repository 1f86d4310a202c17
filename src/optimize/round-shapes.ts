import { buildScopes, type GraphScope } from '../fusion/scope.ts';
import type { ModelProto, NodeProto } from '../onnx/types.ts';
import { type InferOptions, type InferredShapes, inferShapes, lookupShape, type ValueShape } from './shape/index.ts';

/**
 * Shape inference shared by every pass of one optimizer round: it runs once, when the first pass
 * asks, and the passes after it read the same result while they keep changing the model.
 *
 * That is sound because the passes are exact: a name that still exists still holds a value of the
 * same type and shape (a fusion or fold may change its bits within tolerance, never its shape). A
 * pass may, however, give a name to another node (a graph output kept by renaming the producer
 * of an Identity's input) or make a node under a name that was used earlier in the round. So a
 * value's inferred shape is used only while the node producing it is the node that produced it
 * when inference ran; anything else is "not known" until the next round infers again.
 */
export interface RoundShapes {
  shapes: InferredShapes;
  /** Per graph path, each value's producing node at inference time. */
  producers: ReadonlyMap<string, ReadonlyMap<string, NodeProto>>;
}

export function inferRound(model: ModelProto, options: InferOptions): RoundShapes {
  const shapes = inferShapes(model, options);
  const producers = new Map<string, Map<string, NodeProto>>();
  for (const scope of buildScopes(model)) {
    const byName = new Map<string, NodeProto>();
    for (const node of scope.index.nodes) for (const out of node.output ?? []) if (out) byName.set(out, node);
    producers.set(scope.path, byName);
  }
  return { shapes, producers };
}

/**
 * Whether `name`, as seen from `scope` (its own graph or one around it), is still the value
 * inference saw: a graph input, or produced by the same node. Returns the graph path to look it
 * up in, or undefined. An initializer reads as not seen here (its dims and content are in the
 * file; callers read them there).
 */
export function currentPath(round: RoundShapes, scope: GraphScope, name: string): string | undefined {
  for (let at: GraphScope | undefined = scope; at; at = at.parent) {
    const i = at.index.producer.get(name);
    if (i !== undefined) {
      const now = at.index.nodes[i];
      return now && round.producers.get(at.path)?.get(name) === now ? at.path : undefined;
    }
    if (at.index.initializers.has(name)) return undefined;
    if (at.index.inputs.has(name)) return at.path;
  }
  return undefined;
}

/** The inferred shape of `name` while it is the value inference saw (see {@link currentPath}). */
export function roundShapeOf(round: RoundShapes, scope: GraphScope, name: string): ValueShape | undefined {
  const path = currentPath(round, scope, name);
  return path === undefined ? undefined : lookupShape(round.shapes, path, name);
}
