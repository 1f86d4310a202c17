import { OnnxError } from './errors.ts';
import { createReader, createWriter, finishWriter, onnx, recursionLimit } from './protobuf.ts';
import type { ModelProto } from './types.ts';
import { validateModel } from './validate.ts';
import { listGraphs, listTensors } from './walk.ts';
import { scanTopLevel } from './wire.ts';

/** protobuf cannot address messages of 2 GiB or more; larger models need external data. */
export const PROTOBUF_LIMIT_BYTES = 2 ** 31 - 1;

/** ModelProto's fields and the wire type each must have: a mismatch means "not a model". */
const MODEL_WIRE_TYPES: ReadonlyMap<number, number> = new Map([
  [1, 0], // ir_version
  [2, 2], // producer_name
  [3, 2], // producer_version
  [4, 2], // domain
  [5, 0], // model_version
  [6, 2], // doc_string
  [7, 2], // graph
  [8, 2], // opset_import
  [14, 2], // metadata_props
  [20, 2], // training_info
  [25, 2], // functions
  [26, 2], // configuration
]);

/**
 * Decodes an ONNX model. Tensor bytes (raw_data) are views into `bytes`, not copies, so `bytes`
 * must not be changed while the model is in use. Fields this schema does not know are kept.
 * @throws OnnxError for every kind of bad input; never another error type.
 */
export function decodeModel(bytes: Uint8Array): ModelProto {
  if (bytes.length === 0) throw new OnnxError('EMPTY_FILE', 'The file is empty.');
  checkModelShape(bytes);
  let model: ModelProto;
  try {
    model = onnx.ModelProto.decode(createReader(plainBytes(bytes)));
  } catch (error) {
    throw decodeFailure(error);
  }
  validateModel(model);
  return model;
}

/**
 * Encodes a model. Decoding a file and encoding it with no change gives a model equal field by
 * field to the original (byte order of fields may differ from the exporter's).
 * @throws OnnxError MODEL_TOO_LARGE when the result would pass protobuf's 2 GiB limit.
 */
export function encodeModel(model: ModelProto): Uint8Array {
  let bytes: Uint8Array;
  try {
    const writer = onnx.ModelProto.encode(
      model,
      createWriter(Math.min(estimateEncodedSize(model), PROTOBUF_LIMIT_BYTES)),
    );
    bytes = plainBytes(finishWriter(writer));
  } catch (error) {
    throw encodeFailure(error);
  }
  if (bytes.length > PROTOBUF_LIMIT_BYTES) {
    throw new OnnxError(
      'MODEL_TOO_LARGE',
      `The model would be ${bytes.length} bytes, past protobuf's 2 GiB limit; save it with external data.`,
    );
  }
  return bytes;
}

/** What went wrong while encoding, as an OnnxError: an allocation failure means "too large for one file". */
export function encodeFailure(error: unknown): OnnxError {
  if (error instanceof RangeError && /array buffer|allocation|invalid.*length/i.test(error.message)) {
    return new OnnxError(
      'MODEL_TOO_LARGE',
      'The model is too large to write as one file; save it with external data.',
      {
        cause: error,
      },
    );
  }
  return new OnnxError('ENCODE_FAILED', `The model could not be written: ${errorText(error)}.`, { cause: error });
}

/**
 * Reads the top level of the file to tell its kind of damage before decoding: not protobuf, not
 * a model, truncated, or without a graph.
 */
function checkModelShape(bytes: Uint8Array): void {
  const { fields, failure } = scanTopLevel(bytes);
  // Once the graph or two ModelProto fields have been read, later damage means a damaged model
  // rather than another kind of file (one field alone proves little: a TensorProto's dims look
  // like an ir_version).
  let known = 0;
  let isModel = false;
  for (const { field, wireType, start } of fields) {
    const expected = MODEL_WIRE_TYPES.get(field);
    if (expected === undefined) continue;
    if (expected !== wireType) {
      if (isModel) throw damagedAt(start, `field ${field} has the wrong wire type`);
      throw new OnnxError(
        'NOT_A_MODEL',
        `This is not an ONNX model: field ${field} at byte ${start} has the wrong wire type for a ModelProto.`,
      );
    }
    known++;
    isModel ||= known >= 2 || field === 7;
  }
  if (failure?.kind === 'past-end') {
    if (known > 0 || MODEL_WIRE_TYPES.get(failure.field) === failure.wireType) {
      throw new OnnxError(
        'TRUNCATED',
        `The file is truncated: field ${failure.field} starting at byte ${failure.offset} runs ${failure.missing} bytes past the end of the file. Was the download or copy cut short?`,
      );
    }
    throw notProtobuf('a field that runs past the end of the file', failure.offset);
  }
  if (failure?.kind === 'bad-wire') {
    if (isModel) throw damagedAt(failure.offset, failure.what);
    throw notProtobuf(failure.what, failure.offset);
  }
  if (known === 0) {
    throw new OnnxError('NOT_A_MODEL', "This is protobuf but not an ONNX model: it has none of a ModelProto's fields.");
  }
  if (!fields.some((f) => f.field === 7)) {
    throw new OnnxError('NO_GRAPH', 'The model has no graph: there is nothing to show or run.');
  }
}

function notProtobuf(what: string, offset: number): OnnxError {
  return new OnnxError(
    'NOT_PROTOBUF',
    `This is not an ONNX model: its bytes are not protobuf (${what} at byte ${offset}).`,
  );
}

function damagedAt(offset: number, what: string): OnnxError {
  return new OnnxError('CORRUPT', `The model is damaged at byte ${offset}: ${what}.`);
}

function decodeFailure(error: unknown): OnnxError {
  const message = errorText(error);
  if (/max depth exceeded|call stack/i.test(message)) {
    return new OnnxError(
      'NESTING_TOO_DEEP',
      `The model nests messages deeper than ${recursionLimit()} levels; it is damaged or hostile.`,
      { cause: error },
    );
  }
  if (/index out of range/i.test(message)) {
    return new OnnxError(
      'LENGTH_PAST_END',
      'The model is damaged: a length inside it runs past the end of the message that holds it.',
      { cause: error },
    );
  }
  return new OnnxError('CORRUPT', `The model is damaged: ${message}.`, { cause: error });
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The same memory as a plain Uint8Array. Under Node protobufjs reads and writes Buffers, whose
 * `slice` shares memory and which compare unlike Uint8Arrays; the core hands out one kind only.
 */
export function plainBytes(bytes: Uint8Array): Uint8Array {
  return bytes.constructor === Uint8Array ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * A slight over-estimate of a model's encoded size: tensor payloads dominate weight-heavy models,
 * and the graph structure is allowed a generous amount per node. Tells whether a model still
 * fits in one file before trying to write it.
 */
export function estimateEncodedSize(model: ModelProto): number {
  let size = 64 * 1024;
  for (const { tensor: t } of listTensors(model)) {
    size += 64 + (t.rawData?.length ?? 0) + (t.floatData?.length ?? 0) * 4 + (t.doubleData?.length ?? 0) * 8;
    size += (t.int32Data?.length ?? 0) * 5 + ((t.int64Data?.length ?? 0) + (t.uint64Data?.length ?? 0)) * 10;
    for (const s of t.stringData ?? []) size += s.length + 5;
  }
  for (const { graph } of listGraphs(model)) size += (graph.node?.length ?? 0) * 256;
  return size;
}
