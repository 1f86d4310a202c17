import { keepUnknownFields } from '../onnx/clone.ts';
import type { GraphProto, ModelProto } from '../onnx/types.ts';

/**
 * A shallow copy of a message with `changes` applied: same class (absent fields still read as
 * defaults), same unknown fields, every other field shared with the original. Edits copy the
 * messages on the path to what they change and share the rest, so the model they were given
 * (kept by undo) never changes.
 */
export function copyMessage<T extends object>(message: T, changes: Partial<T> = {}): T {
  const copy = Object.create(Object.getPrototypeOf(message)) as T;
  Object.assign(copy, message);
  keepUnknownFields(message, copy);
  return Object.assign(copy, changes);
}

/** The model with its main graph replaced by `graph` (a copy; the original model is untouched). */
export function withGraph(model: ModelProto, graph: GraphProto): ModelProto {
  return copyMessage(model, { graph });
}

/** The model with these main-graph fields replaced. */
export function withGraphFields(model: ModelProto, changes: Partial<GraphProto>): ModelProto {
  return withGraph(model, copyMessage(model.graph ?? {}, changes));
}
