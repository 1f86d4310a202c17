/**
 * Tensors as onnxruntime takes and gives them: a type name ("float32", "int64", …), dims and a
 * typed array. Element type codes are ONNX's (TensorProto.DataType); the table is kept here rather
 * than imported so that compare/ stays free of the ONNX layer.
 */
import { CompareError } from './errors.ts';

export type TensorData =
  | Float32Array
  | Float64Array
  | Uint8Array
  | Int8Array
  | Uint16Array
  | Int16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array;

/** A tensor for or from onnxruntime; float16 (and bfloat16) values are given as their 16-bit patterns. */
export interface HostTensor {
  name: string;
  /** onnxruntime's name for the element type. */
  type: string;
  dims: number[];
  data: TensorData;
}

interface ElementType {
  /** onnxruntime's name. */
  readonly name: string;
  readonly bytes: number;
  /** Whether onnxruntime (node and web) takes tensors of this type as inputs. */
  readonly feedable: boolean;
  readonly make: (length: number) => TensorData;
}

const ELEMENT_TYPES: Readonly<Record<number, ElementType>> = {
  1: { name: 'float32', bytes: 4, feedable: true, make: (n) => new Float32Array(n) },
  2: { name: 'uint8', bytes: 1, feedable: true, make: (n) => new Uint8Array(n) },
  3: { name: 'int8', bytes: 1, feedable: true, make: (n) => new Int8Array(n) },
  4: { name: 'uint16', bytes: 2, feedable: true, make: (n) => new Uint16Array(n) },
  5: { name: 'int16', bytes: 2, feedable: true, make: (n) => new Int16Array(n) },
  6: { name: 'int32', bytes: 4, feedable: true, make: (n) => new Int32Array(n) },
  7: { name: 'int64', bytes: 8, feedable: true, make: (n) => new BigInt64Array(n) },
  9: { name: 'bool', bytes: 1, feedable: true, make: (n) => new Uint8Array(n) },
  10: { name: 'float16', bytes: 2, feedable: true, make: (n) => new Uint16Array(n) },
  11: { name: 'float64', bytes: 8, feedable: true, make: (n) => new Float64Array(n) },
  12: { name: 'uint32', bytes: 4, feedable: true, make: (n) => new Uint32Array(n) },
  13: { name: 'uint64', bytes: 8, feedable: true, make: (n) => new BigUint64Array(n) },
  // onnxruntime's JavaScript Tensor has no bfloat16: such outputs can be read, not fed.
  16: { name: 'bfloat16', bytes: 2, feedable: false, make: (n) => new Uint16Array(n) },
};

/** A readable name for an ONNX element type code, as in error messages. */
export function elementTypeName(code: number): string {
  return ELEMENT_TYPES[code]?.name ?? `element type ${code}`;
}

/** The element type an input of ONNX type `code` is fed as, or a refusal saying why it cannot be. */
export function feedableType(code: number, input: string): ElementType {
  const type = ELEMENT_TYPES[code];
  if (!type?.feedable) {
    throw new CompareError(
      'INPUT_UNSUPPORTED',
      `Input "${input}" is ${elementTypeName(code)}, which onnxruntime cannot be fed from JavaScript.`,
    );
  }
  return type;
}

/** An empty tensor of the input's type for `count` elements. */
export function allocate(code: number, input: string, count: number): TensorData {
  return feedableType(code, input).make(count);
}

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Little-endian element bytes (a parsed .npy or .pb file) as the typed array onnxruntime takes:
 * a fresh, aligned copy, byte-swapped on a big-endian host.
 */
export function fromLittleEndian(code: number, input: string, bytes: Uint8Array): TensorData {
  const type = feedableType(code, input);
  if (bytes.length % type.bytes !== 0) {
    throw new CompareError(
      'INPUT_SHAPE',
      `The data for input "${input}" is not a whole number of ${type.name} values.`,
    );
  }
  const out = type.make(bytes.length / type.bytes);
  const raw = new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  raw.set(bytes);
  if (!LITTLE_ENDIAN_HOST && type.bytes > 1) {
    for (let at = 0; at < raw.length; at += type.bytes) raw.subarray(at, at + type.bytes).reverse();
  }
  return out;
}

/** The product of dims (1 for a scalar). */
export function elementCount(dims: readonly number[]): number {
  return dims.reduce((p, d) => p * d, 1);
}
