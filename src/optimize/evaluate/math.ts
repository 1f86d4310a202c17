import { attrInt } from '../../fusion/attributes.ts';
import { DataType, dataTypeName } from '../../onnx/dtype.ts';
import { broadcastOffsets, broadcastShapes } from './broadcast.ts';
import {
  allocate,
  type ConstTensor,
  isBigIntType,
  isFloatType,
  isSignedType,
  isSupportedType,
  refuse,
} from './const-tensor.ts';
import { type Kernel, type KernelContext, required, sameType } from './kernel.ts';
import { store, type Values, valuesOf } from './values.ts';

type Scalar = number | bigint;
type Fn = (x: Scalar, y: Scalar) => Scalar;

const INT32_MIN = -(2 ** 31);
const INT64_MIN = -(2n ** 63n);

/** Elementwise over broadcast inputs; `fn` gets one value per input, in the inputs' domain. */
function elementwise(
  inputs: readonly ConstTensor[],
  outType: number,
  maxBytes: number,
  fn: (values: readonly Scalar[]) => Scalar,
): ConstTensor {
  const dims = broadcastShapes(inputs.map((t) => t.dims));
  const out = allocate(outType, dims, maxBytes);
  const values: Values[] = inputs.map(valuesOf);
  const offsets = inputs.map((t) => broadcastOffsets(dims, t.dims));
  const args = new Array<Scalar>(inputs.length);
  for (let i = 0; i < out.data.length; i++) {
    for (let k = 0; k < inputs.length; k++) {
      const at = offsets[k]?.[i] ?? i;
      args[k] = (values[k] as Values)[at] as Scalar;
    }
    store(outType, out.data, i, fn(args));
  }
  return out;
}

function numericType(t: number, op: string): number {
  if (!isSupportedType(t) || t === DataType.BOOL) refuse('INVALID', `${op} does not take ${dataTypeName(t)}`);
  return t;
}

/** Integer division as C++ does it (ONNX Div on integers truncates toward zero); refuses what C++ leaves undefined. */
function integerDivide(dataType: number): Fn {
  return (x, y) => {
    if (typeof x === 'bigint' && typeof y === 'bigint') {
      if (y === 0n) refuse('INVALID', 'integer division by zero');
      if (dataType === DataType.INT64 && x === INT64_MIN && y === -1n) refuse('INVALID', 'int64 division overflows');
      return x / y;
    }
    const a = x as number;
    const b = y as number;
    if (b === 0) refuse('INVALID', 'integer division by zero');
    if (dataType === DataType.INT32 && a === INT32_MIN && b === -1) refuse('INVALID', 'int32 division overflows');
    return Math.trunc(a / b);
  };
}

function arithmetic(op: 'Add' | 'Sub' | 'Mul' | 'Div', dataType: number): Fn {
  const big = isBigIntType(dataType);
  const float = isFloatType(dataType);
  switch (op) {
    case 'Add':
      return big ? (x, y) => (x as bigint) + (y as bigint) : (x, y) => (x as number) + (y as number);
    case 'Sub':
      return big ? (x, y) => (x as bigint) - (y as bigint) : (x, y) => (x as number) - (y as number);
    case 'Mul':
      if (big) return (x, y) => (x as bigint) * (y as bigint);
      // 32-bit products can exceed 2^53: multiply modulo 2^32 as the hardware does.
      if (dataType === DataType.INT32 || dataType === DataType.UINT32)
        return (x, y) => Math.imul(x as number, y as number);
      return (x, y) => (x as number) * (y as number);
    case 'Div':
      return float ? (x, y) => (x as number) / (y as number) : integerDivide(dataType);
  }
}

function binaryArithmetic(op: 'Add' | 'Sub' | 'Mul' | 'Div'): Kernel {
  return (ctx) => {
    const a = required(ctx, 0);
    const b = required(ctx, 1);
    const t = numericType(sameType([a, b], op), op);
    const fn = arithmetic(op, t);
    return [elementwise([a, b], t, ctx.maxBytes, (v) => fn(v[0] as Scalar, v[1] as Scalar))];
  };
}

function comparison(op: 'Equal' | 'Less' | 'Greater'): Kernel {
  return (ctx) => {
    const a = required(ctx, 0);
    const b = required(ctx, 1);
    const t = sameType([a, b], op);
    if (!isSupportedType(t) || (t === DataType.BOOL && op !== 'Equal')) {
      refuse('INVALID', `${op} does not take ${dataTypeName(t)}`);
    }
    const test =
      op === 'Equal'
        ? (x: Scalar, y: Scalar) => x === y
        : op === 'Less'
          ? (x: Scalar, y: Scalar) => x < y
          : (x: Scalar, y: Scalar) => x > y;
    return [elementwise([a, b], DataType.BOOL, ctx.maxBytes, (v) => (test(v[0] as Scalar, v[1] as Scalar) ? 1 : 0))];
  };
}

function boolInputs(ctx: KernelContext, count: number, op: string): ConstTensor[] {
  const inputs = Array.from({ length: count }, (_, i) => required(ctx, i));
  if (inputs.some((t) => t.dataType !== DataType.BOOL)) refuse('INVALID', `${op} takes bool tensors`);
  return inputs;
}

const and: Kernel = (ctx) => [
  elementwise(boolInputs(ctx, 2, 'And'), DataType.BOOL, ctx.maxBytes, (v) => (v[0] && v[1] ? 1 : 0)),
];
const or: Kernel = (ctx) => [
  elementwise(boolInputs(ctx, 2, 'Or'), DataType.BOOL, ctx.maxBytes, (v) => (v[0] || v[1] ? 1 : 0)),
];
// torch.onnx's integer floor division tests "signs differ" as Xor(Less(a, 0), Less(b, 0)).
const xor: Kernel = (ctx) => [
  elementwise(boolInputs(ctx, 2, 'Xor'), DataType.BOOL, ctx.maxBytes, (v) => (Boolean(v[0]) !== Boolean(v[1]) ? 1 : 0)),
];

/**
 * Mod: with fmod 0 (integers only) the remainder takes the divisor's sign, as Python's %; with
 * fmod 1 it takes the dividend's, as C's fmod (JavaScript's %). A zero integer divisor is refused
 * (onnxruntime's result is undefined there).
 */
const mod: Kernel = (ctx) => {
  const a = required(ctx, 0);
  const b = required(ctx, 1);
  const t = numericType(sameType([a, b], 'Mod'), 'Mod');
  const fmod = attrInt(ctx.node, 'fmod', 0);
  if (fmod !== 0 && fmod !== 1) refuse('INVALID', `Mod's fmod is ${fmod}, not 0 or 1`);
  const float = isFloatType(t);
  if (float && fmod === 0) refuse('INVALID', 'Mod of floating-point values needs fmod 1');
  const fn = (x: Scalar, y: Scalar): Scalar => {
    if (float) return (x as number) % (y as number);
    if (y === 0 || y === 0n) refuse('INVALID', 'integer modulo by zero');
    const r = typeof x === 'bigint' ? x % (y as bigint) : (x as number) % (y as number);
    // JavaScript's % truncates (C's fmod); fmod 0 moves a non-zero remainder to the divisor's sign.
    if (fmod === 1 || r === 0 || r === 0n || r < 0 === y < 0) return r;
    return typeof r === 'bigint' ? r + (y as bigint) : r + (y as number);
  };
  return [elementwise([a, b], t, ctx.maxBytes, (v) => fn(v[0] as Scalar, v[1] as Scalar))];
};
const not: Kernel = (ctx) => [
  elementwise(boolInputs(ctx, 1, 'Not'), DataType.BOOL, ctx.maxBytes, (v) => (v[0] ? 0 : 1)),
];

const neg: Kernel = (ctx) => {
  const x = required(ctx, 0);
  if (!isSignedType(x.dataType)) refuse('INVALID', `Neg does not take ${dataTypeName(x.dataType)}`);
  const fn = isBigIntType(x.dataType) ? (v: Scalar) => -(v as bigint) : (v: Scalar) => -(v as number);
  return [elementwise([x], x.dataType, ctx.maxBytes, (v) => fn(v[0] as Scalar))];
};

const sqrt: Kernel = (ctx) => {
  const x = required(ctx, 0);
  if (!isFloatType(x.dataType)) refuse('INVALID', `Sqrt does not take ${dataTypeName(x.dataType)}`);
  return [elementwise([x], x.dataType, ctx.maxBytes, (v) => Math.sqrt(v[0] as number))];
};

/** Min and Max of any number of inputs; NaN wins, as in numpy's minimum/maximum. */
function extremum(op: 'Min' | 'Max'): Kernel {
  return (ctx) => {
    const inputs = (ctx.node.input ?? []).map((_, i) => required(ctx, i));
    if (inputs.length === 0) refuse('INVALID', `${op} needs at least one input`);
    const t = numericType(sameType(inputs, op), op);
    const pick = op === 'Min' ? (x: Scalar, y: Scalar) => (y < x ? y : x) : (x: Scalar, y: Scalar) => (y > x ? y : x);
    return [
      elementwise(inputs, t, ctx.maxBytes, (v) => {
        let acc = v[0] as Scalar;
        for (let k = 1; k < v.length; k++) {
          const y = v[k] as Scalar;
          if (Number.isNaN(acc) || Number.isNaN(y)) return Number.NaN;
          acc = pick(acc, y);
        }
        return acc;
      }),
    ];
  };
}

const where: Kernel = (ctx) => {
  const condition = required(ctx, 0);
  const x = required(ctx, 1);
  const y = required(ctx, 2);
  if (condition.dataType !== DataType.BOOL) refuse('INVALID', 'Where takes a bool condition');
  const t = sameType([x, y], 'Where');
  if (!isSupportedType(t)) refuse('UNSUPPORTED_OP', `Where over ${dataTypeName(t)} is not evaluated`);
  const outputs = elementwise([condition, x, y], t, ctx.maxBytes, (v) => (v[0] ? (v[1] as Scalar) : (v[2] as Scalar)));
  return [outputs];
};

export const MATH_KERNELS: Readonly<Record<string, Kernel>> = {
  Add: binaryArithmetic('Add'),
  Sub: binaryArithmetic('Sub'),
  Mul: binaryArithmetic('Mul'),
  Div: binaryArithmetic('Div'),
  Equal: comparison('Equal'),
  Less: comparison('Less'),
  Greater: comparison('Greater'),
  And: and,
  Or: or,
  Xor: xor,
  Not: not,
  Mod: mod,
  Neg: neg,
  Sqrt: sqrt,
  Min: extremum('Min'),
  Max: extremum('Max'),
  Where: where,
};
