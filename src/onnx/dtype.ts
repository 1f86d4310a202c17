/**
 * ONNX tensor element types: names, sizes and where each is stored in a TensorProto when it does
 * not use raw_data (IR spec, TensorProto comments).
 */
export const DataType = {
  UNDEFINED: 0,
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  UINT16: 4,
  INT16: 5,
  INT32: 6,
  INT64: 7,
  STRING: 8,
  BOOL: 9,
  FLOAT16: 10,
  DOUBLE: 11,
  UINT32: 12,
  UINT64: 13,
  COMPLEX64: 14,
  COMPLEX128: 15,
  BFLOAT16: 16,
  FLOAT8E4M3FN: 17,
  FLOAT8E4M3FNUZ: 18,
  FLOAT8E5M2: 19,
  FLOAT8E5M2FNUZ: 20,
  UINT4: 21,
  INT4: 22,
  FLOAT4E2M1: 23,
  FLOAT8E8M0: 24,
} as const;

export type DataTypeCode = (typeof DataType)[keyof typeof DataType];

/** The repeated field that holds a tensor's values when raw_data is not used. */
export type TypedField = 'floatData' | 'int32Data' | 'stringData' | 'int64Data' | 'doubleData' | 'uint64Data';

interface DataTypeInfo {
  readonly name: string;
  /** Bits per element in raw_data; 0 for strings (variable length). */
  readonly bits: number;
  readonly field: TypedField;
}

const INFO: Readonly<Record<number, DataTypeInfo>> = {
  [DataType.FLOAT]: { name: 'float32', bits: 32, field: 'floatData' },
  [DataType.UINT8]: { name: 'uint8', bits: 8, field: 'int32Data' },
  [DataType.INT8]: { name: 'int8', bits: 8, field: 'int32Data' },
  [DataType.UINT16]: { name: 'uint16', bits: 16, field: 'int32Data' },
  [DataType.INT16]: { name: 'int16', bits: 16, field: 'int32Data' },
  [DataType.INT32]: { name: 'int32', bits: 32, field: 'int32Data' },
  [DataType.INT64]: { name: 'int64', bits: 64, field: 'int64Data' },
  [DataType.STRING]: { name: 'string', bits: 0, field: 'stringData' },
  [DataType.BOOL]: { name: 'bool', bits: 8, field: 'int32Data' },
  [DataType.FLOAT16]: { name: 'float16', bits: 16, field: 'int32Data' },
  [DataType.DOUBLE]: { name: 'float64', bits: 64, field: 'doubleData' },
  [DataType.UINT32]: { name: 'uint32', bits: 32, field: 'uint64Data' },
  [DataType.UINT64]: { name: 'uint64', bits: 64, field: 'uint64Data' },
  [DataType.COMPLEX64]: { name: 'complex64', bits: 64, field: 'floatData' },
  [DataType.COMPLEX128]: { name: 'complex128', bits: 128, field: 'doubleData' },
  [DataType.BFLOAT16]: { name: 'bfloat16', bits: 16, field: 'int32Data' },
  [DataType.FLOAT8E4M3FN]: { name: 'float8e4m3fn', bits: 8, field: 'int32Data' },
  [DataType.FLOAT8E4M3FNUZ]: { name: 'float8e4m3fnuz', bits: 8, field: 'int32Data' },
  [DataType.FLOAT8E5M2]: { name: 'float8e5m2', bits: 8, field: 'int32Data' },
  [DataType.FLOAT8E5M2FNUZ]: { name: 'float8e5m2fnuz', bits: 8, field: 'int32Data' },
  [DataType.UINT4]: { name: 'uint4', bits: 4, field: 'int32Data' },
  [DataType.INT4]: { name: 'int4', bits: 4, field: 'int32Data' },
  [DataType.FLOAT4E2M1]: { name: 'float4e2m1', bits: 4, field: 'int32Data' },
  [DataType.FLOAT8E8M0]: { name: 'float8e8m0', bits: 8, field: 'int32Data' },
};

export function dataTypeInfo(code: number): DataTypeInfo | undefined {
  return INFO[code];
}

/** A readable name for an element type code ("float32", "int64"), or "type N" when unknown. */
export function dataTypeName(code: number): string {
  return INFO[code]?.name ?? `type ${code}`;
}

/** The float types that weights come in and that the core can read and write as numbers. */
export const FLOAT_TYPES: ReadonlySet<number> = new Set([
  DataType.FLOAT,
  DataType.FLOAT16,
  DataType.BFLOAT16,
  DataType.DOUBLE,
]);

/** Bytes that `count` elements of `code` take in raw_data (sub-byte types are packed, rounded up). */
export function rawByteLength(code: number, count: number): number | undefined {
  const info = INFO[code];
  if (!info || info.bits === 0) return undefined;
  return Math.ceil((count * info.bits) / 8);
}
