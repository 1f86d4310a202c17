import { encodeFailure, PROTOBUF_LIMIT_BYTES, plainBytes } from './codec.ts';
import { OnnxError } from './errors.ts';
import { createWriter, finishWriter, onnx } from './protobuf.ts';
import type { GraphProto, ModelProto } from './types.ts';

/** Initializers whose raw_data is at least this large are handed out as views, not copied. */
export const STREAM_MIN_BYTES = 64 * 1024;

// Fields written before the one that is spliced in, in the order protobufjs writes them (by field
// number); every other field, and unknown ones, come after it. Keeping that order makes the
// concatenated parts byte for byte what `encodeModel` writes.
const MODEL_BEFORE_GRAPH = ['irVersion', 'producerName', 'producerVersion', 'domain', 'modelVersion', 'docString'];
const GRAPH_BEFORE_INITIALIZER = ['node', 'name'];
const TENSOR_BEFORE_RAW_DATA = [
  'dims',
  'dataType',
  'segment',
  'floatData',
  'int32Data',
  'stringData',
  'int64Data',
  'name',
];

const WIRE_LENGTH_DELIMITED = 2;
const GRAPH_FIELD = 7;
const INITIALIZER_FIELD = 5;
const RAW_DATA_FIELD = 9;

/**
 * Encodes a model as a list of byte arrays whose concatenation is exactly `encodeModel(model)`,
 * without ever holding that concatenation: the raw_data of large top-level initializers appears
 * as views of the tensors' own bytes. A model near protobuf's 2 GiB limit can then be saved
 * (as a Blob, or written piece by piece) without a second copy of its weights.
 * @throws OnnxError MODEL_TOO_LARGE when the result would pass protobuf's 2 GiB limit.
 */
export function encodeModelParts(model: ModelProto, streamMinBytes = STREAM_MIN_BYTES): Uint8Array[] {
  try {
    const out = new PartList();
    out.add(encodeModelFields(pick(model, MODEL_BEFORE_GRAPH)));
    if (model.graph) {
      const graph = graphParts(model.graph, streamMinBytes);
      out.add(lengthPrefix(GRAPH_FIELD, graph.size));
      out.addAll(graph);
    }
    out.add(encodeModelFields(omit(model, [...MODEL_BEFORE_GRAPH, 'graph'])));
    if (out.size > PROTOBUF_LIMIT_BYTES) {
      throw new OnnxError(
        'MODEL_TOO_LARGE',
        `The model would be ${out.size} bytes, past protobuf's 2 GiB limit; save it with external data.`,
      );
    }
    return out.complete();
  } catch (error) {
    throw error instanceof OnnxError ? error : encodeFailure(error);
  }
}

/** The total length of `parts`. */
export function partsSize(parts: readonly Uint8Array[]): number {
  return parts.reduce((n, p) => n + p.length, 0);
}

/** The parts as one array (copies them; for small files and tests). */
export function joinParts(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1 && parts[0]) return parts[0];
  const bytes = new Uint8Array(partsSize(parts));
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return bytes;
}

function graphParts(graph: GraphProto, streamMinBytes: number): PartList {
  const out = new PartList();
  out.add(encodeWith(onnx.GraphProto, pick(graph, GRAPH_BEFORE_INITIALIZER)));
  for (const tensor of graph.initializer ?? []) {
    const raw = tensor.rawData;
    if (raw && raw.length >= streamMinBytes) {
      const head = encodeWith(onnx.TensorProto, pick(tensor, TENSOR_BEFORE_RAW_DATA));
      const rawPrefix = lengthPrefix(RAW_DATA_FIELD, raw.length);
      const tail = encodeWith(onnx.TensorProto, omit(tensor, [...TENSOR_BEFORE_RAW_DATA, 'rawData']));
      out.add(lengthPrefix(INITIALIZER_FIELD, head.length + rawPrefix.length + raw.length + tail.length));
      out.add(head);
      out.add(rawPrefix);
      out.addView(raw);
      out.add(tail);
    } else {
      const bytes = encodeWith(onnx.TensorProto, tensor);
      out.add(lengthPrefix(INITIALIZER_FIELD, bytes.length));
      out.add(bytes);
    }
  }
  out.add(encodeWith(onnx.GraphProto, omit(graph, [...GRAPH_BEFORE_INITIALIZER, 'initializer'])));
  return out;
}

function encodeModelFields(fields: ModelProto): Uint8Array {
  return encodeWith(onnx.ModelProto, fields);
}

interface Encoder<T> {
  encode(message: T, writer: ReturnType<typeof createWriter>): ReturnType<typeof createWriter>;
}

function encodeWith<T>(type: Encoder<T>, message: T): Uint8Array {
  return plainBytes(finishWriter(type.encode(message, createWriter())));
}

/** A tag for a length-delimited field followed by the length. */
function lengthPrefix(field: number, length: number): Uint8Array {
  const out: number[] = [];
  writeVarint(out, field * 8 + WIRE_LENGTH_DELIMITED);
  writeVarint(out, length);
  return Uint8Array.from(out);
}

function writeVarint(out: number[], value: number): void {
  let rest = value;
  while (rest >= 0x80) {
    out.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  out.push(rest);
}

/** Own properties of `message` named in `keys` (what the encoder writes is decided by own properties). */
function pick<T extends object>(message: T, keys: readonly string[]): T {
  const picked: Record<string, unknown> = {};
  for (const key of keys) {
    if (Object.hasOwn(message, key)) picked[key] = (message as Record<string, unknown>)[key];
  }
  return picked as T;
}

/**
 * Own properties of `message` except those named in `keys`, unknown fields included (protobufjs
 * keeps them in a non-enumerable `$unknowns`).
 */
function omit<T extends object>(message: T, keys: readonly string[]): T {
  const kept: Record<string, unknown> = {};
  const skip = new Set(keys);
  for (const key of Object.getOwnPropertyNames(message)) {
    if (!skip.has(key)) kept[key] = (message as Record<string, unknown>)[key];
  }
  return kept as T;
}

/**
 * Parts in order, with neighbouring small ones merged: a Blob or a file of a few large views and
 * a few chunks, not of one array per field.
 */
class PartList {
  size = 0;
  private readonly parts: Uint8Array[] = [];
  private pending: Uint8Array[] = [];

  add(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.pending.push(bytes);
    this.size += bytes.length;
  }

  addView(bytes: Uint8Array): void {
    this.flush();
    this.parts.push(bytes);
    this.size += bytes.length;
  }

  addAll(other: PartList): void {
    for (const part of other.complete()) {
      if (part.length >= STREAM_MIN_BYTES) this.addView(part);
      else this.add(part);
    }
  }

  private flush(): void {
    if (this.pending.length > 0) this.parts.push(joinParts(this.pending));
    this.pending = [];
  }

  complete(): Uint8Array[] {
    this.flush();
    return this.parts;
  }
}
