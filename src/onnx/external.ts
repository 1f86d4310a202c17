import { rawByteLength } from './dtype.ts';
import { OnnxError } from './errors.ts';
import { onnx } from './protobuf.ts';
import { tensorElementCount } from './shape.ts';
import type { ModelProto, TensorProto } from './types.ts';
import { listTensors } from './walk.ts';

/** Where a tensor's bytes sit in a side file (the IR's external_data keys). */
export interface ExternalDataRef {
  /** Path of the side file relative to the model file. */
  location: string;
  offset: number;
  /** Byte count; when the model omits it, the size its dims and dtype give. */
  length: number;
  checksum?: string;
}

/** Side files by their `location`, as the user supplied them. */
export type SideFiles = ReadonlyMap<string, Uint8Array>;

export function isExternal(tensor: TensorProto): boolean {
  return tensor.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL;
}

/**
 * The external-data reference of a tensor stored outside the model, checked: a location that is
 * a plain relative path (never absolute, never climbing out with ".."), and integer offset and
 * length.
 * @throws OnnxError EXTERNAL_DATA_INVALID
 */
export function externalDataRef(tensor: TensorProto): ExternalDataRef {
  const entries = new Map<string, string>();
  for (const entry of tensor.externalData ?? []) entries.set(entry.key ?? '', entry.value ?? '');
  const name = tensor.name ?? '';
  const location = entries.get('location');
  if (!location) throw invalid(name, 'it names no location');
  const parts = location.split(/[\\/]/);
  if (/^([a-zA-Z]:)?[\\/]/.test(location) || parts.includes('..')) {
    throw invalid(name, `its location "${location}" is not a path inside the model's folder`);
  }
  const offset = parseSize(entries.get('offset') ?? '0');
  if (offset === undefined) throw invalid(name, `its offset "${entries.get('offset')}" is not a byte count`);
  const lengthText = entries.get('length');
  const length =
    lengthText === undefined
      ? (rawByteLength(tensor.dataType ?? 0, tensorElementCount(tensor)) ?? 0)
      : parseSize(lengthText);
  if (length === undefined) throw invalid(name, `its length "${lengthText}" is not a byte count`);
  const checksum = entries.get('checksum');
  return checksum === undefined ? { location, offset, length } : { location, offset, length, checksum };
}

function parseSize(text: string): number | undefined {
  if (!/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : undefined;
}

function invalid(name: string, why: string): OnnxError {
  return new OnnxError('EXTERNAL_DATA_INVALID', `Tensor "${name}" is stored in a side file, but ${why}.`);
}

/** The side files a model needs, each once, in the order first referenced. */
export function requiredSideFiles(model: ModelProto): string[] {
  const locations = new Set<string>();
  for (const { tensor } of listTensors(model)) {
    if (isExternal(tensor)) locations.add(externalDataRef(tensor).location);
  }
  return [...locations];
}

/**
 * A tensor's bytes from its side file, as a view (no copy).
 * @throws OnnxError EXTERNAL_DATA_MISSING or EXTERNAL_DATA_OUT_OF_RANGE
 */
export function readExternalBytes(tensor: TensorProto, files: SideFiles): Uint8Array {
  const ref = externalDataRef(tensor);
  const file = files.get(ref.location);
  if (!file) {
    throw new OnnxError(
      'EXTERNAL_DATA_MISSING',
      `Tensor "${tensor.name ?? ''}" is stored in "${ref.location}", which was not supplied with the model.`,
    );
  }
  if (ref.offset + ref.length > file.length) {
    throw new OnnxError(
      'EXTERNAL_DATA_OUT_OF_RANGE',
      `Tensor "${tensor.name ?? ''}" needs bytes ${ref.offset}–${ref.offset + ref.length} of "${ref.location}", which has only ${file.length}.`,
    );
  }
  return file.subarray(ref.offset, ref.offset + ref.length);
}

/**
 * How far each side-file buffer has been written. A side file grows by appending into spare room
 * of its buffer (copying a multi-GB file once per fused weight would be quadratic); a view may
 * append in place only if it ends where the buffer's writes end, so a view kept by an earlier
 * step (undo history) never sees its bytes change.
 */
const writtenEnd = new WeakMap<ArrayBufferLike, number>();

/**
 * Appends `bytes` to side file `location` in `files` (creating it), aligned to `alignment` bytes
 * so that readers can map the data, and points `tensor` at them.
 */
export function writeExternalBytes(
  tensor: TensorProto,
  bytes: Uint8Array,
  files: Map<string, Uint8Array>,
  location: string,
  alignment = 64,
): void {
  const previous = files.get(location) ?? new Uint8Array(0);
  const offset = Math.ceil(previous.length / alignment) * alignment;
  const end = offset + bytes.length;
  const ownsTail = previous.byteLength > 0 && writtenEnd.get(previous.buffer) === previous.byteOffset + previous.length;
  let next: Uint8Array;
  if (ownsTail && previous.byteOffset + end <= previous.buffer.byteLength) {
    next = new Uint8Array(previous.buffer, previous.byteOffset, end);
  } else {
    // Room for half as much again (at most 1 GiB), so n appends cost O(total) copying, not
    // O(n · total). Plain arithmetic: side files pass 2 GiB, where `>>` would wrap negative.
    const capacity = end + Math.min(Math.max(Math.floor(end / 2), 2 ** 20), 2 ** 30);
    next = new Uint8Array(new ArrayBuffer(capacity), 0, end);
    next.set(previous);
  }
  next.set(bytes, offset);
  writtenEnd.set(next.buffer, next.byteOffset + end);
  files.set(location, next);
  pointAtSideFile(tensor, location, offset, bytes.length);
}

/** Makes `tensor` read its bytes from `location` at `offset` (its raw_data dropped). */
export function pointAtSideFile(tensor: TensorProto, location: string, offset: number, length: number): void {
  tensor.rawData = null;
  tensor.dataLocation = onnx.TensorProto.DataLocation.EXTERNAL;
  tensor.externalData = [
    { key: 'location', value: location },
    { key: 'offset', value: String(offset) },
    { key: 'length', value: String(length) },
  ];
}

/**
 * Moves every external tensor's bytes into raw_data, so the model is one self-contained file.
 * Changes `model` in place.
 */
export function embedExternalData(model: ModelProto, files: SideFiles): void {
  for (const { tensor } of listTensors(model)) {
    if (!isExternal(tensor)) continue;
    tensor.rawData = readExternalBytes(tensor, files);
    tensor.externalData = [];
    tensor.dataLocation = null;
  }
}

/** `location` with `suffix` before its extension: "w.bin" → "w.fused-1.bin", "w" → "w.fused-1". */
export function withSuffix(location: string, suffix: string): string {
  const dot = location.lastIndexOf('.');
  return dot > 0 ? `${location.slice(0, dot)}${suffix}${location.slice(dot)}` : `${location}${suffix}`;
}
