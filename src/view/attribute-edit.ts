import type { AttributeType, AttributeValue } from '../edit/types.ts';
import {
  DataType,
  dataTypeName,
  FLOAT_TYPES,
  int64ToApproxNumber,
  readFloatValues,
  tensorDims,
} from '../onnx/index.ts';
import type { AttributeProto, Int64, TensorProto } from '../onnx/types.ts';

/** Lists and tensors longer than this are shown, not edited: a text field is no place for them. */
export const EDITABLE_ELEMENTS = 1024;

/** An attribute as the inspector edits it: its type for `set-attribute`, and its whole value. */
export interface EditableAttribute {
  type: AttributeType;
  value: AttributeValue;
}

const TYPE_BY_CODE: Readonly<Record<number, AttributeType>> = {
  1: 'float',
  2: 'int',
  3: 'string',
  4: 'tensor',
  6: 'floats',
  7: 'ints',
  8: 'strings',
};

/**
 * A float32 as the shortest decimal that reads back as the same float32: the file's 0.1 is
 * 0.100000001490116…, and a field showing that would look like a different value than the user
 * typed. Setting the shown text again gives the same bits.
 */
export function shortestFloat32(value: number): number {
  if (!Number.isFinite(value)) return value;
  const bits = Math.fround(value);
  for (let digits = 1; digits < 9; digits++) {
    const shorter = Number(bits.toPrecision(digits));
    if (Math.fround(shorter) === bits) return shorter;
  }
  return Number(bits.toPrecision(9));
}

/** An int64 as an exact number, or undefined past 2^53 (INT64_MAX in Slice ends would be rounded). */
function exact(value: Int64 | null | undefined): number | undefined {
  const n = int64ToApproxNumber(value);
  return Number.isSafeInteger(n) ? n : undefined;
}

function exactAll(values: readonly (Int64 | null | undefined)[]): number[] | undefined {
  const out: number[] = [];
  for (const v of values) {
    const n = exact(v);
    if (n === undefined) return undefined;
    out.push(n);
  }
  return out;
}

/**
 * The attribute's type and whole value, for editing in place; undefined for what a text field
 * cannot hold exactly (graphs, integers past 2^53, lists past EDITABLE_ELEMENTS, tensors other
 * than float and int32/int64 ones).
 */
export function editableAttribute(a: AttributeProto): EditableAttribute | undefined {
  const type = TYPE_BY_CODE[a.type ?? 0];
  const decode = (bytes: Uint8Array | null | undefined) => new TextDecoder().decode(bytes ?? new Uint8Array());
  switch (type) {
    case 'float':
      return { type, value: shortestFloat32(a.f ?? 0) };
    case 'int': {
      const value = exact(a.i);
      return value === undefined ? undefined : { type, value };
    }
    case 'string':
      return { type, value: decode(a.s) };
    case 'floats':
      return (a.floats?.length ?? 0) > EDITABLE_ELEMENTS
        ? undefined
        : { type, value: (a.floats ?? []).map(shortestFloat32) };
    case 'ints': {
      if ((a.ints?.length ?? 0) > EDITABLE_ELEMENTS) return undefined;
      const value = exactAll(a.ints ?? []);
      return value === undefined ? undefined : { type, value };
    }
    case 'strings':
      return (a.strings?.length ?? 0) > EDITABLE_ELEMENTS ? undefined : { type, value: (a.strings ?? []).map(decode) };
    case 'tensor': {
      const values = a.t ? tensorValues(a.t) : undefined;
      if (!a.t || !values) return undefined;
      return { type, value: { dtype: dataTypeName(a.t.dataType ?? 0), dims: tensorDims(a.t), values } };
    }
    default:
      return undefined;
  }
}

/** A small tensor's values as numbers: float types and int32/int64, stored raw or typed. */
function tensorValues(t: TensorProto): number[] | undefined {
  let dims: number[];
  try {
    dims = tensorDims(t);
  } catch {
    return undefined;
  }
  const count = dims.reduce((p, d) => p * d, 1);
  if (count > EDITABLE_ELEMENTS || t.dataLocation === 1) return undefined;
  const code = t.dataType ?? 0;
  try {
    if (FLOAT_TYPES.has(code)) {
      // float32 (and float16/bfloat16) values shortest as float32 shows them; doubles as they are.
      const read = [...readFloatValues(t)];
      const values = code === DataType.DOUBLE ? read : read.map(shortestFloat32);
      return values.length === count ? values : undefined;
    }
    const raw = t.rawData && t.rawData.length > 0 ? t.rawData : undefined;
    let values: number[] | undefined;
    if (code === DataType.INT32) {
      values = raw
        ? Array.from({ length: raw.length / 4 }, (_, i) =>
            new DataView(raw.buffer, raw.byteOffset, raw.length).getInt32(i * 4, true),
          )
        : [...(t.int32Data ?? [])];
    } else if (code === DataType.INT64) {
      values = raw
        ? exactAll(
            Array.from({ length: raw.length / 8 }, (_, i) =>
              Number(new DataView(raw.buffer, raw.byteOffset, raw.length).getBigInt64(i * 8, true)),
            ),
          )
        : exactAll(t.int64Data ?? []);
    }
    return values?.length === count ? values : undefined;
  } catch {
    return undefined;
  }
}
