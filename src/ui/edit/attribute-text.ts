import type { AttributeType, AttributeValue, TensorValue } from '../../edit/types.ts';

/** What the user typed for an attribute: the typed value to send, or why it cannot be one. */
export type ParsedAttribute = { value: AttributeValue } | { error: string };

/** The text an attribute is edited as: lists comma-separated, strings as they are, string lists as JSON. */
export function attributeText(type: AttributeType, value: AttributeValue): string {
  switch (type) {
    case 'ints':
    case 'floats':
      return (value as number[]).join(', ');
    case 'strings':
      return JSON.stringify(value);
    case 'tensor':
      return (value as TensorValue).values.join(', ');
    default:
      return String(value);
  }
}

const WHOLE = /^[+-]?\d+$/;

function whole(text: string): number | undefined {
  const t = text.trim();
  if (!WHOLE.test(t)) return undefined;
  const n = Number(t);
  return Number.isSafeInteger(n) ? n : undefined;
}

function real(text: string): number | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

/** "1, 2, 3", "[1, 2, 3]" or "1 2 3" as its parts; "" and "[]" as none. */
function listParts(text: string): string[] {
  const inner = text.trim().replace(/^\[/, '').replace(/\]$/, '').trim();
  return inner === '' ? [] : inner.split(/\s*,\s*|\s+/);
}

function numbers(text: string, read: (part: string) => number | undefined): number[] | string {
  const parts = listParts(text);
  const values: number[] = [];
  for (const part of parts) {
    const v = read(part);
    if (v === undefined) return part;
    values.push(v);
  }
  return values;
}

const INTEGER_DTYPES = new Set(['int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64', 'bool']);

/**
 * Reads what was typed for attribute `name` of type `type`. A tensor keeps the dtype and dims of
 * `current` (its values are what is edited), so the count of values must match. Every refusal is
 * a sentence naming the attribute and what it takes.
 */
export function parseAttribute(
  name: string,
  type: AttributeType,
  text: string,
  current?: AttributeValue,
): ParsedAttribute {
  switch (type) {
    case 'int': {
      const v = whole(text);
      return v === undefined ? { error: `${name} takes a whole number, not "${text.trim()}".` } : { value: v };
    }
    case 'float': {
      const v = real(text);
      return v === undefined ? { error: `${name} takes a number, not "${text.trim()}".` } : { value: v };
    }
    case 'string':
      return { value: text };
    case 'ints': {
      const v = numbers(text, whole);
      return typeof v === 'string'
        ? { error: `${name} takes whole numbers separated by commas; "${v}" is not one.` }
        : { value: v };
    }
    case 'floats': {
      const v = numbers(text, real);
      return typeof v === 'string'
        ? { error: `${name} takes numbers separated by commas; "${v}" is not one.` }
        : { value: v };
    }
    case 'strings':
      return parseStrings(name, text);
    case 'tensor':
      return parseTensorValues(name, text, current as TensorValue | undefined);
  }
}

function parseStrings(name: string, text: string): ParsedAttribute {
  try {
    const v: unknown = JSON.parse(text);
    if (Array.isArray(v) && v.every((s) => typeof s === 'string')) return { value: v };
  } catch {
    // Not JSON: said below.
  }
  return { error: `${name} takes a list of strings written as JSON, e.g. ["a", "b"].` };
}

function parseTensorValues(name: string, text: string, current: TensorValue | undefined): ParsedAttribute {
  if (!current) return { error: `${name} is a tensor whose type and shape are unknown here.` };
  const integer = INTEGER_DTYPES.has(current.dtype);
  const v = numbers(text, integer ? whole : real);
  if (typeof v === 'string')
    return { error: `${name} is a ${current.dtype} tensor; "${v}" is not ${integer ? 'a whole number' : 'a number'}.` };
  const count = current.dims.reduce((p, d) => p * d, 1);
  if (v.length !== count)
    return {
      error: `${name} is a ${current.dtype} tensor of shape [${current.dims.join(', ')}]: it takes ${count} value${count === 1 ? '' : 's'}, not ${v.length}.`,
    };
  return { value: { dtype: current.dtype, dims: [...current.dims], values: v } };
}
