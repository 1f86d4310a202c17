import type { ModelProto } from '../onnx/types.ts';
import { Long } from './protobuf.ts';

/**
 * A copy of a model's message tree that can be changed freely without touching the original:
 * every message and array of messages is copied; bytes, arrays of numbers or strings and Long
 * values are shared, since the core replaces them rather than changing them in place. Copying keeps each message's
 * class, so absent fields still read as defaults and unknown fields are still written back.
 */
export function cloneModel(model: ModelProto): ModelProto {
  return cloneValue(model) as ModelProto;
}

function cloneValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (ArrayBuffer.isView(value) || Long.isLong(value)) return value;
  if (Array.isArray(value)) {
    // Arrays of numbers and strings (float_data, node inputs) can be huge and, like bytes, are
    // replaced rather than changed in place.
    if (value.length > 0 && typeof value[0] !== 'object') return value;
    return value.map(cloneValue);
  }
  const copy = Object.create(Object.getPrototypeOf(value)) as Record<string, unknown>;
  for (const key of Object.keys(value)) copy[key] = cloneValue((value as Record<string, unknown>)[key]);
  keepUnknownFields(value, copy);
  return copy;
}

/**
 * Carries a message's unknown fields (those a newer IR adds, which protobufjs keeps in a hidden
 * `$unknowns`) over to its copy, so that they are still written back.
 */
export function keepUnknownFields(from: object, to: object): void {
  const unknowns = (from as { $unknowns?: unknown }).$unknowns;
  if (unknowns !== undefined && !Object.hasOwn(to, '$unknowns')) {
    Object.defineProperty(to, '$unknowns', { value: unknowns, writable: true, configurable: true, enumerable: false });
  }
}
