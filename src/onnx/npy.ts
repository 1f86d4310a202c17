import { DataType, dataTypeName } from './dtype.ts';
import { OnnxError } from './errors.ts';

/**
 * NumPy's `.npy` file format (numpy/lib/format.py, versions 1.0, 2.0 and 3.0) for the element
 * types ONNX and NumPy share. A parsed array is ONNX-ready: an ONNX data type code, dims and the
 * values as little-endian, C-order raw bytes (what TensorProto.raw_data holds).
 *
 * The file is untrusted: every allocation is bounded by the file's own length, the header by
 * {@link MAX_NPY_HEADER_BYTES}, and anything the format does not allow is refused with a sentence.
 */
export interface NpyArray {
  /** ONNX TensorProto.DataType code. */
  dataType: number;
  dims: number[];
  /** Little-endian, C-order element bytes. */
  data: Uint8Array;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
/** NumPy itself refuses headers past 10,000 bytes by default; a little more room for long shapes. */
export const MAX_NPY_HEADER_BYTES = 65_536;
/** NumPy 2 allows 64 dimensions. */
const MAX_NPY_DIMS = 64;
/** numpy/lib/format.py ARRAY_ALIGN and GROWTH_AXIS_MAX_DIGITS: np.save's header padding. */
const ARRAY_ALIGN = 64;
const GROWTH_AXIS_MAX_DIGITS = 21;

interface NpyType {
  readonly dataType: number;
  /** Bytes per element. */
  readonly size: number;
  /** Bytes per byte-swapped unit: a complex number swaps its two parts separately. */
  readonly unit: number;
}

/** NumPy kind + item size -> ONNX type. `?` is NumPy's one-character bool code. */
const NPY_TYPES: Readonly<Record<string, NpyType>> = {
  f2: { dataType: DataType.FLOAT16, size: 2, unit: 2 },
  f4: { dataType: DataType.FLOAT, size: 4, unit: 4 },
  f8: { dataType: DataType.DOUBLE, size: 8, unit: 8 },
  i1: { dataType: DataType.INT8, size: 1, unit: 1 },
  i2: { dataType: DataType.INT16, size: 2, unit: 2 },
  i4: { dataType: DataType.INT32, size: 4, unit: 4 },
  i8: { dataType: DataType.INT64, size: 8, unit: 8 },
  u1: { dataType: DataType.UINT8, size: 1, unit: 1 },
  u2: { dataType: DataType.UINT16, size: 2, unit: 2 },
  u4: { dataType: DataType.UINT32, size: 4, unit: 4 },
  u8: { dataType: DataType.UINT64, size: 8, unit: 8 },
  b1: { dataType: DataType.BOOL, size: 1, unit: 1 },
  '?': { dataType: DataType.BOOL, size: 1, unit: 1 },
  c8: { dataType: DataType.COMPLEX64, size: 8, unit: 4 },
  c16: { dataType: DataType.COMPLEX128, size: 16, unit: 8 },
};

/** ONNX type -> the descr np.save writes for it. */
const DESCR_BY_TYPE: Readonly<Record<number, string>> = {
  [DataType.FLOAT16]: '<f2',
  [DataType.FLOAT]: '<f4',
  [DataType.DOUBLE]: '<f8',
  [DataType.INT8]: '|i1',
  [DataType.INT16]: '<i2',
  [DataType.INT32]: '<i4',
  [DataType.INT64]: '<i8',
  [DataType.UINT8]: '|u1',
  [DataType.UINT16]: '<u2',
  [DataType.UINT32]: '<u4',
  [DataType.UINT64]: '<u8',
  [DataType.BOOL]: '|b1',
  [DataType.COMPLEX64]: '<c8',
  [DataType.COMPLEX128]: '<c16',
};

/** True when an ONNX element type can be written as `.npy` (and so read back). */
export function isNpyDataType(dataType: number): boolean {
  return DESCR_BY_TYPE[dataType] !== undefined;
}

function invalid(message: string): OnnxError {
  return new OnnxError('NPY_INVALID', `Not a valid .npy file: ${message}`);
}

/**
 * Reads a `.npy` file.
 * @throws OnnxError NPY_INVALID (not the format, a header that lies, data of the wrong length) or
 *   NPY_UNSUPPORTED (a dtype ONNX cannot hold, fortran_order with more than one non-trivial axis).
 */
export function parseNpy(bytes: Uint8Array): NpyArray {
  const { header, dataOffset } = readPreamble(bytes);
  const fields = parseHeaderDict(header);
  const type = npyType(fields.descr);
  const dims = fields.shape;
  if (fields.fortranOrder && dims.filter((d) => d > 1).length > 1) {
    throw new OnnxError(
      'NPY_UNSUPPORTED',
      `The .npy file stores a ${dims.join('×')} array in Fortran (column-major) order; save it in C order (np.save(path, np.ascontiguousarray(a))).`,
    );
  }
  const available = bytes.length - dataOffset;
  const expected = describedBytes(dims, type.type.size);
  if (expected !== available) {
    throw invalid(
      `its header describes ${dims.length ? dims.join('×') : 'a scalar'} ${fields.descr} (${formatBytes(expected)}) but ${available} bytes of data follow.`,
    );
  }
  const data = bytes.slice(dataOffset);
  if (type.bigEndian && type.type.unit > 1) swapBytes(data, type.type.unit);
  if (type.type.dataType === DataType.BOOL) for (let i = 0; i < data.length; i++) data[i] = data[i] ? 1 : 0;
  return { dataType: type.type.dataType, dims, data };
}

/**
 * Writes a `.npy` file byte for byte as np.save writes the same array (version 1.0 unless the
 * header needs 2.0, NumPy's padding), so a saved initializer compares equal to NumPy's own file.
 * @throws OnnxError NPY_UNSUPPORTED for a type NumPy has no dtype for, NPY_INVALID when `data`
 *   does not hold exactly the dims' elements.
 */
export function encodeNpy(array: NpyArray): Uint8Array {
  const descr = DESCR_BY_TYPE[array.dataType];
  if (!descr) {
    throw new OnnxError(
      'NPY_UNSUPPORTED',
      `${dataTypeName(array.dataType)} has no NumPy dtype, so it cannot be saved as .npy.`,
    );
  }
  const size = NPY_TYPES[descr.slice(1)]?.size ?? 1;
  const expected = describedBytes(array.dims, size);
  if (expected !== array.data.length) {
    throw invalid(`${array.dims.join('×')} ${descr} needs ${formatBytes(expected)}, ${array.data.length} given.`);
  }
  const shape = `(${array.dims.join(', ')}${array.dims.length === 1 ? ',' : ''})`;
  let dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape}, }`;
  const first = array.dims[0];
  if (first !== undefined) dict += ' '.repeat(GROWTH_AXIS_MAX_DIGITS - String(first).length);
  // np.save picks version 1.0 unless the padded header needs more than its 16-bit length.
  const paddedLength = (prefix: number) => dict.length + 1 + ARRAY_ALIGN - ((prefix + dict.length + 1) % ARRAY_ALIGN);
  const v1 = paddedLength(10) <= 0xffff;
  const prefix = v1 ? 10 : 12;
  const headerLength = paddedLength(prefix);
  const out = new Uint8Array(prefix + headerLength + array.data.length);
  out.set(MAGIC, 0);
  out[6] = v1 ? 1 : 2;
  out[7] = 0;
  const view = new DataView(out.buffer);
  if (v1) view.setUint16(8, headerLength, true);
  else view.setUint32(8, headerLength, true);
  for (let i = 0; i < dict.length; i++) out[prefix + i] = dict.charCodeAt(i);
  out.fill(0x20, prefix + dict.length, prefix + headerLength - 1);
  out[prefix + headerLength - 1] = 0x0a;
  out.set(array.data, prefix + headerLength);
  return out;
}

function readPreamble(bytes: Uint8Array): { header: string; dataOffset: number } {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) throw invalid('it does not start with \\x93NUMPY.');
  const major = bytes[6];
  if (major !== 1 && major !== 2 && major !== 3) {
    throw new OnnxError('NPY_UNSUPPORTED', `.npy format version ${major}.${bytes[7]} is not one of 1.0, 2.0, 3.0.`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const prefix = major === 1 ? 10 : 12;
  if (bytes.length < prefix) throw invalid('the file ends inside its preamble.');
  const length = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  if (length > MAX_NPY_HEADER_BYTES)
    throw invalid(`its header claims ${length} bytes (at most ${MAX_NPY_HEADER_BYTES}).`);
  if (prefix + length > bytes.length) throw invalid(`its header claims ${length} bytes but the file ends before.`);
  const raw = bytes.subarray(prefix, prefix + length);
  // Versions 1 and 2 are latin-1; 3 is UTF-8. The dict we accept is ASCII either way.
  const header = major === 3 ? new TextDecoder('utf-8', { fatal: false }).decode(raw) : latin1(raw);
  return { header, dataOffset: prefix + length };
}

function latin1(raw: Uint8Array): string {
  let text = '';
  for (const b of raw) text += String.fromCharCode(b);
  return text;
}

interface HeaderFields {
  descr: string;
  fortranOrder: boolean;
  shape: number[];
}

/**
 * Reads the header: a Python dict literal with exactly the keys descr, fortran_order and shape
 * (NumPy refuses others too). Only the literals np.save writes are understood; anything else
 * (a structured dtype's list, an expression) is refused rather than evaluated.
 */
function parseHeaderDict(header: string): HeaderFields {
  const reader = new LiteralReader(header);
  reader.expect('{');
  const seen = new Map<string, unknown>();
  while (!reader.peek('}')) {
    const key = reader.string();
    reader.expect(':');
    if (seen.has(key)) throw invalid(`its header repeats the key '${key}'.`);
    seen.set(key, reader.value());
    if (!reader.peek('}')) reader.expect(',');
  }
  reader.expect('}');
  reader.end();
  const keys = [...seen.keys()].sort().join(', ');
  if (keys !== 'descr, fortran_order, shape') {
    throw invalid(`its header has the keys ${keys || 'none'}; it needs exactly descr, fortran_order and shape.`);
  }
  const descr = seen.get('descr');
  const fortranOrder = seen.get('fortran_order');
  const shape = seen.get('shape');
  if (typeof descr !== 'string') throw invalid("its header's descr is not a string.");
  if (typeof fortranOrder !== 'boolean') throw invalid("its header's fortran_order is not True or False.");
  if (!Array.isArray(shape) || shape.some((d) => typeof d !== 'number')) {
    throw invalid("its header's shape is not a tuple of integers.");
  }
  return { descr, fortranOrder, shape: shape as number[] };
}

/** A cursor over the header text that reads the few Python literals np.save writes. */
class LiteralReader {
  private at = 0;
  constructor(private readonly text: string) {}

  private skip(): void {
    while (this.at < this.text.length && ' \t\n\r'.includes(this.text.charAt(this.at))) this.at++;
  }

  peek(token: string): boolean {
    this.skip();
    return this.text.startsWith(token, this.at);
  }

  expect(token: string): void {
    if (!this.peek(token)) throw invalid(`its header has ${this.describeHere()} where '${token}' belongs.`);
    this.at += token.length;
  }

  end(): void {
    this.skip();
    if (this.at !== this.text.length) throw invalid(`its header goes on after the dict (${this.describeHere()}).`);
  }

  string(): string {
    this.skip();
    const quote = this.text.charAt(this.at);
    if (quote !== "'" && quote !== '"') throw invalid(`its header has ${this.describeHere()} where a string belongs.`);
    const close = this.text.indexOf(quote, this.at + 1);
    if (close < 0) throw invalid('its header has a string that never ends.');
    const value = this.text.slice(this.at + 1, close);
    if (value.includes('\\')) throw invalid('its header has an escaped string, which np.save never writes.');
    this.at = close + 1;
    return value;
  }

  value(): unknown {
    this.skip();
    if (this.peek('True')) return this.word('True', true);
    if (this.peek('False')) return this.word('False', false);
    if (this.peek('(')) return this.tuple();
    if (this.peek('[')) {
      throw new OnnxError(
        'NPY_UNSUPPORTED',
        'The .npy file holds a structured (record) array; ONNX tensors have one dtype.',
      );
    }
    return this.string();
  }

  private word<T>(word: string, value: T): T {
    this.at += word.length;
    return value;
  }

  /** A tuple of non-negative integers (Python 2 files may write `3L`). */
  private tuple(): number[] {
    this.expect('(');
    const items: number[] = [];
    while (!this.peek(')')) {
      if (items.length >= MAX_NPY_DIMS) throw invalid(`its shape has more than ${MAX_NPY_DIMS} dimensions.`);
      const match = /^\d{1,16}L?/.exec(this.text.slice(this.at, this.at + 18));
      if (!match) throw invalid(`its shape has ${this.describeHere()} where a size belongs.`);
      const value = Number.parseInt(match[0], 10);
      if (!Number.isSafeInteger(value)) throw invalid(`its shape has the size ${match[0]}, past 2^53.`);
      items.push(value);
      this.at += match[0].length;
      if (!this.peek(')')) this.expect(',');
    }
    this.expect(')');
    return items;
  }

  private describeHere(): string {
    if (this.at >= this.text.length) return 'its end';
    return JSON.stringify(this.text.slice(this.at, this.at + 12));
  }
}

function npyType(descr: string): { type: NpyType; bigEndian: boolean } {
  const match = /^([<>|=]?)([a-zA-Z?]\d*)$/.exec(descr);
  const type = match ? NPY_TYPES[match[2] ?? ''] : undefined;
  if (!match || !type) {
    throw new OnnxError(
      'NPY_UNSUPPORTED',
      `The .npy dtype '${descr}' has no ONNX tensor type (float16/32/64, int8–64, uint8–64, bool, complex64/128 do).`,
    );
  }
  // '=' is the writer's native order; np.save never writes it, and the hosts we run on are little-endian.
  return { type, bigEndian: match[1] === '>' };
}

/**
 * `size` times the dims' product as a float, or undefined when a dim is not a size. Counting never
 * allocates, and a product past 2^53 (inexact) is far past any file we can hold, so comparing it
 * with a real byte length stays correct.
 */
function describedBytes(dims: readonly number[], size: number): number | undefined {
  if (dims.some((d) => !Number.isSafeInteger(d) || d < 0)) return undefined;
  return dims.reduce((total, d) => total * d, size);
}

function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined) return 'an invalid size';
  return Number.isSafeInteger(bytes) ? `${bytes} bytes` : 'more than 2^53 bytes';
}

/** Reverses the bytes of each `unit`-byte group in place (big-endian -> little-endian). */
function swapBytes(data: Uint8Array, unit: number): void {
  for (let start = 0; start + unit <= data.length; start += unit) data.subarray(start, start + unit).reverse();
}
