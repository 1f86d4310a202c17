import { DataType, dataTypeInfo } from '../onnx/dtype.ts';
import { OnnxError } from '../onnx/errors.ts';
import { numberToFloat16Bits } from '../onnx/float16.ts';
import { Long, onnx } from '../onnx/protobuf.ts';
import type { AttributeProto, TensorProto } from '../onnx/types.ts';
import { toTensorProto } from '../optimize/evaluate/index.ts';
import type { AttributeType, AttributeValue, TensorValue } from './types.ts';

const ProtoType = onnx.AttributeProto.AttributeType;

const PROTO_TYPE: Readonly<Record<AttributeType, number>> = {
  int: ProtoType.INT,
  float: ProtoType.FLOAT,
  string: ProtoType.STRING,
  ints: ProtoType.INTS,
  floats: ProtoType.FLOATS,
  strings: ProtoType.STRINGS,
  tensor: ProtoType.TENSOR,
};

/** Most elements one edited attribute may hold: a recipe's numbers are typed in by people. */
export const MAX_ATTRIBUTE_ELEMENTS = 1_000_000;

/**
 * The editable type of an attribute as stored: its `type` field, or (old files leave it unset)
 * the field that holds its value. Undefined for graphs, sparse tensors and type protos.
 */
export function attributeType(attribute: AttributeProto): AttributeType | undefined {
  const byCode = (Object.keys(PROTO_TYPE) as AttributeType[]).find((k) => PROTO_TYPE[k] === attribute.type);
  if (byCode) return byCode;
  if (attribute.type) return undefined;
  if (attribute.t) return 'tensor';
  if ((attribute.ints ?? []).length > 0) return 'ints';
  if ((attribute.floats ?? []).length > 0) return 'floats';
  if ((attribute.strings ?? []).length > 0) return 'strings';
  if (attribute.s && attribute.s.length > 0) return 'string';
  if (attribute.f) return 'float';
  if (attribute.i !== undefined && attribute.i !== null) return 'int';
  return undefined;
}

/**
 * An AttributeProto named `name` holding `value` read as `type`.
 * @throws OnnxError EDIT_INVALID with a sentence when the value does not fit the type.
 */
export function makeAttribute(
  name: string,
  type: AttributeType,
  value: AttributeValue,
  old?: AttributeProto,
): AttributeProto {
  const wrong = (what: string) =>
    new OnnxError('EDIT_INVALID', `Attribute "${name}" is ${type}: its value must be ${what}.`);
  const base = { name, type: PROTO_TYPE[type] };
  switch (type) {
    case 'int':
      if (!isInteger(value)) throw wrong('an integer');
      return { ...base, i: Long.fromNumber(value) };
    case 'float':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw wrong('a number');
      return { ...base, f: value };
    case 'string':
      if (typeof value !== 'string') throw wrong('a string');
      return { ...base, s: new TextEncoder().encode(value) };
    case 'ints':
      if (!isList(value) || !value.every(isInteger)) throw wrong('a list of integers');
      return { ...base, ints: (value as number[]).map((v) => Long.fromNumber(v)) };
    case 'floats':
      if (!isList(value) || !value.every((v) => typeof v === 'number' && Number.isFinite(v))) {
        throw wrong('a list of numbers');
      }
      return { ...base, floats: [...(value as number[])] };
    case 'strings':
      if (!isList(value) || !value.every((v) => typeof v === 'string')) throw wrong('a list of strings');
      return { ...base, strings: (value as string[]).map((v) => new TextEncoder().encode(v)) };
    case 'tensor':
      return { ...base, t: tensorFromValue(name, value, old?.t?.name ?? '') };
  }
}

function isInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

function isList(value: unknown): value is unknown[] {
  return Array.isArray(value) && value.length <= MAX_ATTRIBUTE_ELEMENTS;
}

/** Element types a tensor attribute can be typed in as numbers, by the names dtype.ts gives them. */
const TENSOR_TYPES = [
  DataType.FLOAT,
  DataType.DOUBLE,
  DataType.FLOAT16,
  DataType.INT8,
  DataType.INT16,
  DataType.INT32,
  DataType.INT64,
  DataType.UINT8,
  DataType.UINT16,
  DataType.UINT32,
  DataType.UINT64,
  DataType.BOOL,
];

const INT_RANGE: Readonly<Record<number, [number, number]>> = {
  [DataType.INT8]: [-128, 127],
  [DataType.INT16]: [-32768, 32767],
  [DataType.INT32]: [-(2 ** 31), 2 ** 31 - 1],
  [DataType.INT64]: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  [DataType.UINT8]: [0, 255],
  [DataType.UINT16]: [0, 65535],
  [DataType.UINT32]: [0, 2 ** 32 - 1],
  [DataType.UINT64]: [0, Number.MAX_SAFE_INTEGER],
  [DataType.BOOL]: [0, 1],
};

function tensorFromValue(name: string, value: AttributeValue, tensorName: string): TensorProto {
  const wrong = (what: string) => new OnnxError('EDIT_INVALID', `Attribute "${name}" is a tensor: ${what}.`);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw wrong('give {"dtype", "dims", "values"}');
  }
  const { dtype, dims, values } = value as Partial<TensorValue>;
  const dataType = TENSOR_TYPES.find((t) => dataTypeInfo(t)?.name === dtype);
  if (dataType === undefined) {
    throw wrong(`dtype must be one of ${TENSOR_TYPES.map((t) => dataTypeInfo(t)?.name).join(', ')}`);
  }
  if (!Array.isArray(dims) || dims.length > 64 || !dims.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw wrong('dims must be a list of sizes');
  }
  const count = dims.reduce((n, d) => n * d, 1);
  if (!Array.isArray(values) || values.length !== count || count > MAX_ATTRIBUTE_ELEMENTS) {
    throw wrong(
      `dims ${JSON.stringify(dims)} need ${count} values, ${Array.isArray(values) ? values.length : 'none'} given`,
    );
  }
  if (!values.every((v) => typeof v === 'number' && Number.isFinite(v))) throw wrong('values must be numbers');
  const range = INT_RANGE[dataType];
  if (range && !values.every((v) => Number.isInteger(v) && v >= range[0] && v <= range[1])) {
    throw wrong(`${dtype} values must be integers from ${range[0]} to ${range[1]}`);
  }
  return toTensorProto(tensorName, { dataType, dims: [...dims], data: typedValues(dataType, values) });
}

function typedValues(dataType: number, values: number[]) {
  switch (dataType) {
    case DataType.FLOAT:
      return Float32Array.from(values);
    case DataType.DOUBLE:
      return Float64Array.from(values);
    case DataType.FLOAT16:
      return Uint16Array.from(values, (v) => numberToFloat16Bits(v));
    case DataType.INT8:
      return Int8Array.from(values);
    case DataType.INT16:
      return Int16Array.from(values);
    case DataType.INT32:
      return Int32Array.from(values);
    case DataType.INT64:
      return BigInt64Array.from(values, (v) => BigInt(v));
    case DataType.UINT16:
      return Uint16Array.from(values);
    case DataType.UINT32:
      return Uint32Array.from(values);
    case DataType.UINT64:
      return BigUint64Array.from(values, (v) => BigInt(v));
    default:
      return Uint8Array.from(values);
  }
}
