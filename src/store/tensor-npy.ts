import { numberToFloat16Bits } from '../onnx/float16.ts';
import { DataType } from '../onnx/index.ts';
import { encodeNpy } from '../onnx/npy.ts';

/** Element types by onnxruntime's name, with the typed array that holds each and its ONNX code. */
const TYPES: Readonly<
  Record<string, { code: number; make: (n: number) => ArrayBufferView & { [i: number]: number | bigint } }>
> = {
  float32: { code: DataType.FLOAT, make: (n) => new Float32Array(n) },
  float64: { code: DataType.DOUBLE, make: (n) => new Float64Array(n) },
  float16: { code: DataType.FLOAT16, make: (n) => new Uint16Array(n) },
  int8: { code: DataType.INT8, make: (n) => new Int8Array(n) },
  uint8: { code: DataType.UINT8, make: (n) => new Uint8Array(n) },
  int16: { code: DataType.INT16, make: (n) => new Int16Array(n) },
  uint16: { code: DataType.UINT16, make: (n) => new Uint16Array(n) },
  int32: { code: DataType.INT32, make: (n) => new Int32Array(n) },
  uint32: { code: DataType.UINT32, make: (n) => new Uint32Array(n) },
  int64: { code: DataType.INT64, make: (n) => new BigInt64Array(n) },
  uint64: { code: DataType.UINT64, make: (n) => new BigUint64Array(n) },
  bool: { code: DataType.BOOL, make: (n) => new Uint8Array(n) },
};

/**
 * A compared tensor as a `.npy` file, in its own element type. `values` are either the tensor's
 * own data (an input as fed) or its values as numbers (an output as compared: float16 decoded,
 * int64 as doubles): numbers are written back in the element type, which is exact for values that
 * came from it. bfloat16, which NumPy has no type for, is written as float32 (exact too).
 */
export function tensorNpy(
  type: string,
  dims: readonly number[],
  values: ArrayLike<number | bigint>,
): Uint8Array<ArrayBuffer> {
  const kind = TYPES[type === 'bfloat16' ? 'float32' : type];
  if (!kind) throw new Error(`A ${type} tensor cannot be saved as .npy.`);
  const array = kind.make(values.length);
  const own = type !== 'float16' || values instanceof Uint16Array;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number | bigint;
    if (array instanceof BigInt64Array || array instanceof BigUint64Array) array[i] = BigInt(v);
    else if (type === 'float16' && !own) array[i] = numberToFloat16Bits(Number(v));
    else array[i] = Number(v);
  }
  // encodeNpy writes into a buffer of its own (never shared memory), which a Blob can take.
  return encodeNpy({
    dataType: kind.code,
    dims: [...dims],
    data: new Uint8Array(array.buffer, array.byteOffset, array.byteLength),
  }) as Uint8Array<ArrayBuffer>;
}

/** A value's name as a file name: what a file system would refuse or misread becomes "_". */
export function npyFileName(name: string, which: string): string {
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '_') || 'tensor';
  return `${safe}.${which.replace(/[^A-Za-z0-9._-]+/g, '_')}.npy`;
}
