import { DataType, dataTypeName } from '../../onnx/dtype.ts';
import { attrFloat, attrInt, attrInts, findAttribute } from './attributes.ts';
import { broadcastOffsets, broadcastShapes } from './broadcast.ts';
import {
  allocate,
  type ConstTensor,
  checkedCount,
  elementCount,
  integerValues,
  isBigIntType,
  isFloatType,
  normalizeAxis,
  refuse,
} from './const-tensor.ts';
import { type Kernel, type KernelContext, optional, required } from './kernel.ts';
import { tensorFromProto } from './tensor-proto.ts';
import { store } from './values.ts';

function int64Tensor(dims: number[], values: readonly number[]): ConstTensor {
  return { dataType: DataType.INT64, dims, data: BigInt64Array.from(values, (v) => BigInt(v)) };
}

/** Same values, other dims: the data is shared, which is safe because tensors are never mutated. */
function reshaped(t: ConstTensor, dims: number[]): ConstTensor {
  return { dataType: t.dataType, dims, data: t.data };
}

const identity: Kernel = (ctx) => [required(ctx, 0)];

/** Shape, with opset 15's start/end (clamped to the rank, negative from the end). */
const shape: Kernel = (ctx) => {
  const dims = required(ctx, 0).dims;
  const rank = dims.length;
  const clamp = (v: number) => Math.min(Math.max(v < 0 ? v + rank : v, 0), rank);
  const start = clamp(attrInt(ctx.node, 'start', 0));
  const end = clamp(attrInt(ctx.node, 'end', rank));
  const picked = dims.slice(start, Math.max(start, end));
  return [int64Tensor([picked.length], picked)];
};

const size: Kernel = (ctx) => [int64Tensor([], [elementCount(required(ctx, 0).dims)])];

/** Reshape: 0 copies the input's dim (unless allowzero), one -1 takes what is left. */
const reshape: Kernel = (ctx) => {
  const data = required(ctx, 0);
  const requested =
    ctx.opset < 5
      ? (attrInts(ctx.node, 'shape') ?? refuse('INVALID', 'Reshape has no shape'))
      : integerValues(required(ctx, 1), 'shape');
  const allowZero = attrInt(ctx.node, 'allowzero', 0) === 1;
  return [reshaped(data, resolveReshape(data.dims, requested, allowZero))];
};

export function resolveReshape(input: readonly number[], requested: readonly number[], allowZero: boolean): number[] {
  let inferAt = -1;
  const dims = requested.map((d, i) => {
    if (d === -1) {
      if (inferAt >= 0) refuse('INVALID', 'Reshape has more than one -1');
      inferAt = i;
      return 1;
    }
    if (d === 0 && !allowZero) {
      if (i >= input.length) refuse('INVALID', `Reshape copies dim ${i} the input does not have`);
      return input[i] as number;
    }
    if (d < 0) refuse('INVALID', `Reshape dim ${d} is negative`);
    return d;
  });
  const total = elementCount(input);
  const known = elementCount(dims);
  if (inferAt >= 0) {
    if (allowZero && requested.includes(0)) refuse('INVALID', 'Reshape with allowzero cannot mix 0 and -1');
    if (known === 0 || total % known !== 0) refuse('INVALID', `Reshape cannot infer -1 from ${total} elements`);
    dims[inferAt] = total / known;
  } else if (known !== total) {
    refuse('INVALID', `Reshape of ${total} elements into [${dims.join(', ')}]`);
  }
  return dims;
}

const flatten: Kernel = (ctx) => {
  const data = required(ctx, 0);
  const rank = data.dims.length;
  let axis = attrInt(ctx.node, 'axis', 1);
  if (axis < -rank || axis > rank) refuse('INVALID', `Flatten axis ${axis} is out of range for rank ${rank}`);
  if (axis < 0) axis += rank;
  return [reshaped(data, [elementCount(data.dims.slice(0, axis)), elementCount(data.dims.slice(axis))])];
};

/** Axes from the attribute before opset 13, from input 1 from 13 on; undefined when not given. */
function axesOf(ctx: KernelContext, inputAt: number, since: number): number[] | undefined {
  if (ctx.opset < since) return attrInts(ctx.node, 'axes');
  const t = optional(ctx, inputAt);
  return t ? integerValues(t, 'axes') : undefined;
}

function distinct(axes: number[], what: string): number[] {
  if (new Set(axes).size !== axes.length) refuse('INVALID', `${what} axes repeat`);
  return axes;
}

const squeeze: Kernel = (ctx) => {
  const data = required(ctx, 0);
  const rank = data.dims.length;
  const axes = axesOf(ctx, 1, 13);
  const drop = axes
    ? distinct(
        axes.map((a) => normalizeAxis(a, rank)),
        'Squeeze',
      )
    : data.dims.flatMap((d, i) => (d === 1 ? [i] : []));
  for (const a of drop) if (data.dims[a] !== 1) refuse('INVALID', `Squeeze axis ${a} has size ${data.dims[a]}`);
  return [
    reshaped(
      data,
      data.dims.filter((_, i) => !drop.includes(i)),
    ),
  ];
};

const unsqueeze: Kernel = (ctx) => {
  const data = required(ctx, 0);
  const axes = axesOf(ctx, 1, 13) ?? refuse('INVALID', 'Unsqueeze has no axes');
  const rank = data.dims.length + axes.length;
  const inserted = distinct(
    axes.map((a) => normalizeAxis(a, rank)),
    'Unsqueeze',
  );
  const dims: number[] = [];
  let from = 0;
  for (let i = 0; i < rank; i++) dims.push(inserted.includes(i) ? 1 : (data.dims[from++] as number));
  return [reshaped(data, dims)];
};

/** Expand: the input broadcast with the requested shape, both ways (numpy rules). */
const expand: Kernel = (ctx) => {
  const data = required(ctx, 0);
  const requested = integerValues(required(ctx, 1), 'shape');
  if (requested.some((d) => d < 0)) refuse('INVALID', 'Expand shape has a negative dim');
  const dims = broadcastShapes([data.dims, requested]);
  const out = allocate(data.dataType, dims, ctx.maxBytes);
  const offsets = broadcastOffsets(dims, data.dims);
  const source = data.data as unknown as ArrayLike<number | bigint>;
  const target = out.data as unknown as { [i: number]: number | bigint };
  for (let i = 0; i < out.data.length; i++) target[i] = source[offsets ? (offsets[i] as number) : i] as number | bigint;
  return [out];
};

/** Constant: a tensor, or one of the scalar and list forms; sparse tensors and strings are not evaluated. */
const constant: Kernel = (ctx) => {
  const { node } = ctx;
  const value = findAttribute(node, 'value');
  if (value?.t) return [tensorFromProto(value.t, ctx.maxBytes)];
  if (findAttribute(node, 'value_float'))
    return [{ dataType: DataType.FLOAT, dims: [], data: Float32Array.of(attrFloat(node, 'value_float', 0)) }];
  const floats = findAttribute(node, 'value_floats');
  if (floats)
    return [
      { dataType: DataType.FLOAT, dims: [floats.floats?.length ?? 0], data: Float32Array.from(floats.floats ?? []) },
    ];
  if (findAttribute(node, 'value_int')) return [int64Tensor([], [attrInt(node, 'value_int', 0)])];
  const ints = attrInts(node, 'value_ints');
  if (ints) return [int64Tensor([ints.length], ints)];
  return refuse('UNSUPPORTED_OP', 'Constant holds a sparse tensor or strings, or nothing');
};

/** ConstantOfShape: the size is checked against the cap before anything is allocated. */
const constantOfShape: Kernel = (ctx) => {
  const dims = integerValues(required(ctx, 0), 'shape');
  const attr = findAttribute(ctx.node, 'value')?.t;
  const fill: ConstTensor = attr
    ? tensorFromProto(attr, 64)
    : { dataType: DataType.FLOAT, dims: [1], data: new Float32Array(1) };
  if (fill.data.length !== 1) refuse('INVALID', 'ConstantOfShape value must hold one element');
  const out = allocate(fill.dataType, dims, ctx.maxBytes);
  (out.data as unknown as { fill(v: number | bigint): void }).fill(fill.data[0] as number | bigint);
  return [out];
};

const RANGE_TYPES = new Set<number>([DataType.FLOAT, DataType.DOUBLE, DataType.INT16, DataType.INT32, DataType.INT64]);

/**
 * Range as onnxruntime computes it: n = ceil((limit − start) / delta) with the difference taken
 * in the element type and the division in float64; values by repeated addition in the type.
 */
const range: Kernel = (ctx) => {
  const [start, limit, delta] = [0, 1, 2].map((i) => required(ctx, i)) as [ConstTensor, ConstTensor, ConstTensor];
  const t = start.dataType;
  if (limit.dataType !== t || delta.dataType !== t || !RANGE_TYPES.has(t)) {
    refuse('INVALID', `Range over ${dataTypeName(t)} is not evaluated`);
  }
  if ([start, limit, delta].some((x) => x.data.length !== 1)) refuse('INVALID', 'Range takes scalars');
  const round = (v: number) => (t === DataType.FLOAT ? Math.fround(v) : v);
  let count: number;
  if (isBigIntType(t)) {
    const d = delta.data[0] as bigint;
    if (d === 0n) refuse('INVALID', 'Range delta is 0');
    count = Math.ceil(Number(BigInt.asIntN(64, (limit.data[0] as bigint) - (start.data[0] as bigint))) / Number(d));
  } else {
    const d = delta.data[0] as number;
    if (d === 0 || Number.isNaN(d)) refuse('INVALID', 'Range delta is 0 or NaN');
    const diff = (limit.data[0] as number) - (start.data[0] as number);
    count = Math.ceil((isFloatType(t) ? round(diff) : diff) / d);
  }
  if (!Number.isFinite(count)) refuse('INVALID', 'Range is unbounded');
  if (count > Number.MAX_SAFE_INTEGER) refuse('TOO_LARGE', `Range of ${count} elements`);
  count = Math.max(count, 0);
  const out = allocate(t, [checkedCount(t, [count], ctx.maxBytes)], ctx.maxBytes);
  let value: number | bigint = start.data[0] as number | bigint;
  for (let i = 0; i < count; i++) {
    store(t, out.data, i, value);
    // Read back what was stored: the next value adds to the rounded (or wrapped) one.
    value = out.data[i] as number | bigint;
    value = typeof value === 'bigint' ? value + (delta.data[0] as bigint) : round(value + (delta.data[0] as number));
  }
  return [out];
};

export const SHAPE_KERNELS: Readonly<Record<string, Kernel>> = {
  Identity: identity,
  Shape: shape,
  Size: size,
  Reshape: reshape,
  Flatten: flatten,
  Squeeze: squeeze,
  Unsqueeze: unsqueeze,
  Expand: expand,
  Constant: constant,
  ConstantOfShape: constantOfShape,
  Range: range,
};
