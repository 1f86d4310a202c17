import { OnnxError } from '../onnx/errors.ts';
import type { EditOp, EditOpName } from './types.ts';

/** A field's expected JSON type, as a recipe's author reads it in a refusal. */
type FieldType = 'string' | 'boolean' | 'strings' | 'dims' | 'attribute value' | 'attribute type' | 'relative path';

interface FieldRule {
  type: FieldType;
  optional?: boolean;
}

/** Every op and its fields: what parseRecipe and applyEdit accept, and nothing else. */
const OPS: Readonly<Record<EditOpName, Readonly<Record<string, FieldRule>>>> = {
  fuse: { ids: { type: 'strings' } },
  'fuse-all': {},
  optimize: { passes: { type: 'strings', optional: true }, only: { type: 'strings', optional: true } },
  'set-input-shape': { input: { type: 'string' }, dims: { type: 'dims' } },
  rename: { value: { type: 'string' }, to: { type: 'string' } },
  'delete-node': { node: { type: 'string' }, downstream: { type: 'boolean', optional: true } },
  'add-output': { value: { type: 'string' } },
  'remove-output': { value: { type: 'string' } },
  'set-attribute': {
    node: { type: 'string' },
    name: { type: 'string' },
    value: { type: 'attribute value' },
    type: { type: 'attribute type', optional: true },
  },
  'set-initializer': {
    name: { type: 'string' },
    npy: { type: 'relative path' },
    reshape: { type: 'boolean', optional: true },
  },
  extract: { inputs: { type: 'strings' }, outputs: { type: 'strings' } },
};

export const EDIT_OP_NAMES = Object.keys(OPS) as EditOpName[];

const ATTRIBUTE_TYPES = ['int', 'float', 'string', 'ints', 'floats', 'strings', 'tensor'];
/** Longest list or name a step may hold; a recipe is typed by people or written by the page. */
const MAX_LIST = 1_000_000;
const MAX_NAME = 65_536;

/**
 * Checks that `value` is an edit op: a known `op` and exactly its fields, each of its type. The
 * worker, the CLI and parseRecipe all take ops from outside (messages, files), so each op is
 * checked before it reaches a handler.
 * @throws OnnxError EDIT_INVALID with a sentence naming the field ("rename: "to" must be a string.")
 */
export function validateOp(value: unknown): EditOp {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new OnnxError('EDIT_INVALID', 'An edit must be an object such as {"op": "rename", "value": "x", "to": "y"}.');
  }
  const record = value as Record<string, unknown>;
  const name = record.op;
  if (typeof name !== 'string' || !Object.hasOwn(OPS, name)) {
    throw new OnnxError(
      'EDIT_INVALID',
      `${typeof name === 'string' ? `"${name.slice(0, 40)}" is not an edit` : 'An edit needs "op"'}: the edits are ${EDIT_OP_NAMES.join(', ')}.`,
    );
  }
  const fields = OPS[name as EditOpName];
  for (const key of Object.keys(record)) {
    if (key !== 'op' && !Object.hasOwn(fields, key)) {
      throw new OnnxError(
        'EDIT_INVALID',
        `${name} has no field "${key.slice(0, 40)}" (its fields: ${Object.keys(fields).join(', ') || 'none'}).`,
      );
    }
  }
  for (const [key, rule] of Object.entries(fields)) {
    const field = record[key];
    if (field === undefined) {
      if (rule.optional) continue;
      throw new OnnxError('EDIT_INVALID', `${name} needs "${key}" (${describeType(rule.type)}).`);
    }
    if (!fits(field, rule.type)) {
      throw new OnnxError('EDIT_INVALID', `${name}: "${key}" must be ${describeType(rule.type)}.`);
    }
  }
  return value as EditOp;
}

function fits(value: unknown, type: FieldType): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string' && value.length <= MAX_NAME;
    case 'boolean':
      return typeof value === 'boolean';
    case 'strings':
      return (
        Array.isArray(value) &&
        value.length <= MAX_LIST &&
        value.every((v) => typeof v === 'string' && v.length <= MAX_NAME)
      );
    case 'dims':
      return (
        Array.isArray(value) && value.length <= 64 && value.every((v) => typeof v === 'number' || typeof v === 'string')
      );
    case 'attribute value':
      return isAttributeValue(value);
    case 'attribute type':
      return typeof value === 'string' && ATTRIBUTE_TYPES.includes(value);
    case 'relative path':
      return typeof value === 'string' && isRelativePath(value);
  }
}

function isAttributeValue(value: unknown): boolean {
  if (typeof value === 'number' || typeof value === 'string') return true;
  if (Array.isArray(value)) {
    return (
      value.length <= MAX_LIST &&
      (value.every((v) => typeof v === 'number') || value.every((v) => typeof v === 'string'))
    );
  }
  if (typeof value !== 'object' || value === null) return false;
  const { dtype, dims, values } = value as Record<string, unknown>;
  return (
    Object.keys(value).every((k) => k === 'dtype' || k === 'dims' || k === 'values') &&
    typeof dtype === 'string' &&
    Array.isArray(dims) &&
    dims.every((d) => typeof d === 'number') &&
    Array.isArray(values) &&
    values.length <= MAX_LIST &&
    values.every((v) => typeof v === 'number')
  );
}

/**
 * A path a recipe may name: relative to the recipe, never absolute and never climbing out with
 * "..", so a recipe from elsewhere cannot read files outside its own folder.
 */
export function isRelativePath(path: string): boolean {
  if (path === '' || path.length > 4096 || path.includes('\0')) return false;
  if (/^([a-zA-Z]:)?[\\/]/.test(path)) return false;
  return path.split(/[\\/]/).every((part) => part !== '..' && part !== '');
}

function describeType(type: FieldType): string {
  switch (type) {
    case 'string':
      return 'a string';
    case 'boolean':
      return 'true or false';
    case 'strings':
      return 'a list of strings';
    case 'dims':
      return 'a list of dims (numbers or names)';
    case 'attribute value':
      return 'a number, a string, a list of numbers or strings, or {"dtype", "dims", "values"}';
    case 'attribute type':
      return `one of ${ATTRIBUTE_TYPES.join(', ')}`;
    case 'relative path':
      return 'a path relative to the recipe (no "..", not absolute)';
  }
}
