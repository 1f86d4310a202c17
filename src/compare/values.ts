/**
 * A value list typed by a user ("16000", "0.5, -1, 2", "[[1, 2], [3, 4]]") as numbers, and
 * numbers as the typed array of an input's element type, refusing what the type cannot hold
 * rather than wrapping or rounding it silently.
 */
import { CompareError } from './errors.ts';
import type { HalfFloats } from './numbers.ts';
import { allocate, elementTypeName, type TensorData } from './tensors.ts';

/** Longest value list accepted as text: larger inputs belong in a .npy or .pb file. */
export const MAX_VALUE_LIST = 1_000_000;

const SPECIAL: Readonly<Record<string, number>> = {
  nan: Number.NaN,
  inf: Number.POSITIVE_INFINITY,
  '+inf': Number.POSITIVE_INFINITY,
  '-inf': Number.NEGATIVE_INFINITY,
  true: 1,
  false: 0,
};

/**
 * Numbers separated by commas, spaces or newlines; brackets are ignored (so a nested list pasted
 * from NumPy reads in C order); nan, inf, -inf, true and false are understood.
 * @throws CompareError INPUT_VALUES naming the first token that is not a number.
 */
export function parseValueList(text: string, input: string): number[] {
  const tokens = text
    .replace(/[[\]()]/g, ' ')
    .split(/[\s,;]+/)
    .filter(Boolean);
  if (tokens.length === 0) throw new CompareError('INPUT_VALUES', `The values for input "${input}" are empty.`);
  if (tokens.length > MAX_VALUE_LIST) {
    throw new CompareError(
      'INPUT_VALUES',
      `${tokens.length} values for input "${input}" are too many to type; give them as a .npy or .pb file.`,
    );
  }
  return tokens.map((token) => {
    const special = SPECIAL[token.toLowerCase()];
    const value = special ?? (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(token) ? Number(token) : Number.NaN);
    if (special === undefined && Number.isNaN(value)) {
      throw new CompareError('INPUT_VALUES', `"${token}" in the values for input "${input}" is not a number.`);
    }
    return value;
  });
}

const INTEGER_RANGES: Readonly<Record<string, readonly [number, number]>> = {
  int8: [-128, 127],
  uint8: [0, 255],
  int16: [-32768, 32767],
  uint16: [0, 65535],
  int32: [-(2 ** 31), 2 ** 31 - 1],
  uint32: [0, 2 ** 32 - 1],
  int64: [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  uint64: [0, Number.MAX_SAFE_INTEGER],
};

/**
 * `values` (as many as `count`, or one, repeated) as the typed array of ONNX element type `code`.
 * @throws CompareError INPUT_VALUES for a value an integer or bool input cannot hold.
 */
export function valuesToData(
  values: readonly number[],
  code: number,
  input: string,
  count: number,
  half: HalfFloats,
): TensorData {
  const data = allocate(code, input, count);
  const type = elementTypeName(code);
  const range = INTEGER_RANGES[type];
  const valueAt = (i: number) => (values.length === 1 ? values[0] : values[i]) as number;
  for (let i = 0; i < count; i++) {
    const v = valueAt(i);
    if (range && !(Number.isInteger(v) && v >= range[0] && v <= range[1])) {
      throw new CompareError('INPUT_VALUES', `${v} cannot be a value of input "${input}", which is ${type}.`);
    }
    if (type === 'bool' && v !== 0 && v !== 1) {
      throw new CompareError('INPUT_VALUES', `${v} cannot be a value of input "${input}", which is bool (0 or 1).`);
    }
    if (data instanceof BigInt64Array || data instanceof BigUint64Array) data[i] = BigInt(v);
    else if (type === 'float16') data[i] = half.toFloat16(v);
    else data[i] = v;
  }
  return data;
}
