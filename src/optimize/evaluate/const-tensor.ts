import { DataType, dataTypeName } from '../../onnx/dtype.ts';

/**
 * A tensor whose values are known while optimizing: what the constant evaluator reads and
 * returns. Plain data (it crosses to the worker's callers as is).
 *
 * `data` holds the values in the element type's natural array: float32 → Float32Array,
 * float64 → Float64Array, float16 and bfloat16 → Uint16Array of their bit patterns,
 * int8/16/32 → Int8/16/32Array, uint8/16/32 → Uint8/16/32Array, bool → Uint8Array of 0/1,
 * int64 → BigInt64Array, uint64 → BigUint64Array. `data.length` is always the product of `dims`.
 */
export interface ConstTensor {
  dataType: number;
  dims: number[];
  data: TensorData;
}

export type TensorData =
  | Float32Array
  | Float64Array
  | Int8Array
  | Int16Array
  | Int32Array
  | Uint8Array
  | Uint16Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array;

/** Largest result the evaluator makes unless told otherwise: 16 MB (issue 14). */
export const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;

/** Longest dims list the evaluator accepts: ONNX sets no limit, but no real model nears this. */
export const MAX_RANK = 64;

export interface EvaluateLimits {
  /** Results (and intermediate buffers) larger than this are refused with TOO_LARGE. */
  maxBytes?: number;
}

export type RefusalReason = 'UNSUPPORTED_OP' | 'TOO_LARGE' | 'NOT_CONSTANT' | 'INVALID';

/** Thrown inside the kernels; {@link evaluateNode} turns it into a refusal, never lets it out. */
export class EvalRefusal extends Error {
  constructor(
    readonly reason: RefusalReason,
    message: string,
  ) {
    super(message);
  }
}

export function refuse(reason: RefusalReason, message: string): never {
  throw new EvalRefusal(reason, message);
}

const BYTES: Readonly<Record<number, number>> = {
  [DataType.FLOAT]: 4,
  [DataType.DOUBLE]: 8,
  [DataType.FLOAT16]: 2,
  [DataType.BFLOAT16]: 2,
  [DataType.INT8]: 1,
  [DataType.INT16]: 2,
  [DataType.INT32]: 4,
  [DataType.INT64]: 8,
  [DataType.UINT8]: 1,
  [DataType.UINT16]: 2,
  [DataType.UINT32]: 4,
  [DataType.UINT64]: 8,
  [DataType.BOOL]: 1,
};

/** Bytes per element of a type the evaluator handles; undefined for the others (strings, float8, …). */
export function elementBytes(dataType: number): number | undefined {
  return BYTES[dataType];
}

export function isSupportedType(dataType: number): boolean {
  return BYTES[dataType] !== undefined;
}

export function isBigIntType(dataType: number): boolean {
  return dataType === DataType.INT64 || dataType === DataType.UINT64;
}

export function isFloatType(dataType: number): boolean {
  return (
    dataType === DataType.FLOAT ||
    dataType === DataType.DOUBLE ||
    dataType === DataType.FLOAT16 ||
    dataType === DataType.BFLOAT16
  );
}

export function isSignedType(dataType: number): boolean {
  return (
    isFloatType(dataType) ||
    dataType === DataType.INT8 ||
    dataType === DataType.INT16 ||
    dataType === DataType.INT32 ||
    dataType === DataType.INT64
  );
}

/**
 * The element count of `dims`, checked: every dim a non-negative safe integer, the rank at most
 * {@link MAX_RANK}, and `count × element size` within `maxBytes` — so a hostile shape is refused
 * before anything is allocated.
 */
export function checkedCount(dataType: number, dims: readonly number[], maxBytes: number): number {
  if (dims.length > MAX_RANK) refuse('INVALID', `rank ${dims.length} exceeds ${MAX_RANK}`);
  const width = elementBytes(dataType);
  if (width === undefined) refuse('UNSUPPORTED_OP', `element type ${dataTypeName(dataType)} is not evaluated`);
  let count = 1;
  let zero = false;
  for (const d of dims) {
    if (!Number.isSafeInteger(d) || d < 0) refuse('INVALID', `invalid dimension ${d}`);
    if (d === 0) zero = true;
    else count *= d;
    // Saturate: the product of the non-zero dims is only compared with the cap below.
    if (count > Number.MAX_SAFE_INTEGER) count = Number.MAX_SAFE_INTEGER;
  }
  if (zero) return 0;
  if (count * width > maxBytes) {
    refuse('TOO_LARGE', `result of ${count} ${dataTypeName(dataType)} elements exceeds ${maxBytes} bytes`);
  }
  return count;
}

/** A zero-filled array for `count` elements of `dataType` (count already checked). */
export function allocateData(dataType: number, count: number): TensorData {
  switch (dataType) {
    case DataType.FLOAT:
      return new Float32Array(count);
    case DataType.DOUBLE:
      return new Float64Array(count);
    case DataType.FLOAT16:
    case DataType.BFLOAT16:
    case DataType.UINT16:
      return new Uint16Array(count);
    case DataType.INT8:
      return new Int8Array(count);
    case DataType.INT16:
      return new Int16Array(count);
    case DataType.INT32:
      return new Int32Array(count);
    case DataType.INT64:
      return new BigInt64Array(count);
    case DataType.UINT32:
      return new Uint32Array(count);
    case DataType.UINT64:
      return new BigUint64Array(count);
    case DataType.UINT8:
    case DataType.BOOL:
      return new Uint8Array(count);
    default:
      return refuse('UNSUPPORTED_OP', `element type ${dataTypeName(dataType)} is not evaluated`);
  }
}

/** A new tensor of `dims`, zero-filled, refused when over `maxBytes` before any allocation. */
export function allocate(dataType: number, dims: readonly number[], maxBytes: number): ConstTensor {
  const count = checkedCount(dataType, dims, maxBytes);
  return { dataType, dims: [...dims], data: allocateData(dataType, count) };
}

export function elementCount(dims: readonly number[]): number {
  let n = 1;
  for (const d of dims) n *= d;
  return n;
}

/** The strides of a row-major tensor of `dims`. */
export function stridesOf(dims: readonly number[]): number[] {
  const strides = new Array<number>(dims.length);
  let s = 1;
  for (let i = dims.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= dims[i] as number;
  }
  return strides;
}

/**
 * The values of an integer tensor as plain numbers (shapes, axes, indices): int64 values past
 * 2^53 are clamped to ±2^53, which every caller treats as "beyond any dim" (Slice's INT64_MAX).
 */
export function integerValues(t: ConstTensor, what: string): number[] {
  if (isFloatType(t.dataType) || t.dataType === DataType.BOOL) {
    refuse('INVALID', `${what} must be an integer tensor, not ${dataTypeName(t.dataType)}`);
  }
  const out: number[] = [];
  for (const v of t.data) {
    if (typeof v === 'bigint') {
      const limit = BigInt(Number.MAX_SAFE_INTEGER);
      out.push(v > limit ? Number.MAX_SAFE_INTEGER : v < -limit ? -Number.MAX_SAFE_INTEGER : Number(v));
    } else {
      out.push(v);
    }
  }
  return out;
}

/** Normalizes a possibly negative axis into [0, rank), refusing one out of range. */
export function normalizeAxis(axis: number, rank: number, what = 'axis'): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    refuse('INVALID', `${what} ${axis} is out of range for rank ${rank}`);
  }
  return axis < 0 ? axis + rank : axis;
}
