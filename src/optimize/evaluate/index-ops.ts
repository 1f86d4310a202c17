import { attrInt, attrInts } from './attributes.ts';
import { allocate, type ConstTensor, integerValues, normalizeAxis, refuse, stridesOf } from './const-tensor.ts';
import { type Kernel, optional, required, sameType } from './kernel.ts';

type Writable = { [i: number]: number | bigint };
type Readable = ArrayLike<number | bigint>;

function copy(from: ConstTensor, to: ConstTensor, source: number, target: number): void {
  (to.data as unknown as Writable)[target] = (from.data as unknown as Readable)[source] as number | bigint;
}

/** Gather along `axis`; negative indices count from the end, out-of-range ones are refused. */
const gather: Kernel = (ctx) => {
  const data = required(ctx, 0);
  const indicesTensor = required(ctx, 1);
  const rank = data.dims.length;
  if (rank === 0) refuse('INVALID', 'Gather of a scalar');
  const axis = normalizeAxis(attrInt(ctx.node, 'axis', 0), rank);
  const size = data.dims[axis] as number;
  const indices = integerValues(indicesTensor, 'indices').map((i) => {
    if (i < -size || i >= size) refuse('INVALID', `Gather index ${i} is out of range for size ${size}`);
    return i < 0 ? i + size : i;
  });
  const outer = data.dims.slice(0, axis).reduce((p, d) => p * d, 1);
  const inner = data.dims.slice(axis + 1).reduce((p, d) => p * d, 1);
  const dims = [...data.dims.slice(0, axis), ...indicesTensor.dims, ...data.dims.slice(axis + 1)];
  const out = allocate(data.dataType, dims, ctx.maxBytes);
  let target = 0;
  for (let o = 0; o < outer; o++) {
    for (const index of indices) {
      const base = (o * size + index) * inner;
      for (let k = 0; k < inner; k++) copy(data, out, base + k, target++);
    }
  }
  return [out];
};

interface AxisSlice {
  start: number;
  step: number;
  count: number;
}

/** One axis of a Slice, clamped as the ONNX spec says (INT64_MAX and friends included). */
export function sliceAxis(dim: number, start: number, end: number, step: number): AxisSlice {
  if (step === 0) refuse('INVALID', 'Slice step is 0');
  let s = start < 0 ? start + dim : start;
  let e = end < 0 ? end + dim : end;
  if (step > 0) {
    s = Math.min(Math.max(s, 0), dim);
    e = Math.min(Math.max(e, 0), dim);
  } else {
    s = Math.min(Math.max(s, 0), dim - 1);
    e = Math.min(Math.max(e, -1), dim - 1);
  }
  const count = Math.max(0, Math.ceil((e - s) / step));
  return { start: s, step, count };
}

/** Slice: attributes before opset 10, inputs (with steps) from 10 on. */
const slice: Kernel = (ctx) => {
  const data = required(ctx, 0);
  const rank = data.dims.length;
  let starts: number[];
  let ends: number[];
  let axes: number[] | undefined;
  let steps: number[] | undefined;
  if (ctx.opset < 10) {
    starts = attrInts(ctx.node, 'starts') ?? refuse('INVALID', 'Slice has no starts');
    ends = attrInts(ctx.node, 'ends') ?? refuse('INVALID', 'Slice has no ends');
    axes = attrInts(ctx.node, 'axes');
  } else {
    starts = integerValues(required(ctx, 1), 'starts');
    ends = integerValues(required(ctx, 2), 'ends');
    const axesTensor = optional(ctx, 3);
    const stepsTensor = optional(ctx, 4);
    axes = axesTensor ? integerValues(axesTensor, 'axes') : undefined;
    steps = stepsTensor ? integerValues(stepsTensor, 'steps') : undefined;
  }
  const axisList = (axes ?? starts.map((_, i) => i)).map((a) => normalizeAxis(a, rank));
  if (ends.length !== starts.length || axisList.length !== starts.length || (steps && steps.length !== starts.length)) {
    refuse('INVALID', 'Slice starts, ends, axes and steps differ in length');
  }
  if (new Set(axisList).size !== axisList.length) refuse('INVALID', 'Slice axes repeat');
  const plan: AxisSlice[] = data.dims.map((d) => ({ start: 0, step: 1, count: d }));
  axisList.forEach((axis, i) => {
    plan[axis] = sliceAxis(data.dims[axis] as number, starts[i] as number, ends[i] as number, steps?.[i] ?? 1);
  });
  const out = allocate(
    data.dataType,
    plan.map((p) => p.count),
    ctx.maxBytes,
  );
  const strides = stridesOf(data.dims);
  const counter = new Array<number>(rank).fill(0);
  for (let i = 0; i < out.data.length; i++) {
    let source = 0;
    for (let a = 0; a < rank; a++) {
      const p = plan[a] as AxisSlice;
      source += (p.start + (counter[a] as number) * p.step) * (strides[a] as number);
    }
    copy(data, out, source, i);
    for (let a = rank - 1; a >= 0; a--) {
      counter[a] = (counter[a] as number) + 1;
      if ((counter[a] as number) < (plan[a] as AxisSlice).count) break;
      counter[a] = 0;
    }
  }
  return [out];
};

const concat: Kernel = (ctx) => {
  const inputs = (ctx.node.input ?? []).map((_, i) => required(ctx, i));
  const first = inputs[0] ?? refuse('INVALID', 'Concat needs at least one input');
  const dataType = sameType(inputs, 'Concat');
  const rank = first.dims.length;
  const axis = normalizeAxis(attrInt(ctx.node, 'axis', Number.NaN), rank);
  for (const t of inputs) {
    if (t.dims.length !== rank || t.dims.some((d, i) => i !== axis && d !== first.dims[i])) {
      refuse('INVALID', `Concat inputs [${first.dims.join(', ')}] and [${t.dims.join(', ')}] do not match`);
    }
  }
  const dims = [...first.dims];
  dims[axis] = inputs.reduce((sum, t) => sum + (t.dims[axis] as number), 0);
  const out = allocate(dataType, dims, ctx.maxBytes);
  const outer = first.dims.slice(0, axis).reduce((p, d) => p * d, 1);
  const inner = first.dims.slice(axis + 1).reduce((p, d) => p * d, 1);
  let target = 0;
  for (let o = 0; o < outer; o++) {
    for (const t of inputs) {
      const block = (t.dims[axis] as number) * inner;
      for (let k = 0; k < block; k++) copy(t, out, o * block + k, target++);
    }
  }
  return [out];
};

const transpose: Kernel = (ctx) => {
  const data = required(ctx, 0);
  const rank = data.dims.length;
  const perm = attrInts(ctx.node, 'perm') ?? data.dims.map((_, i) => rank - 1 - i);
  if (perm.length !== rank || new Set(perm).size !== rank || perm.some((p) => !(p >= 0 && p < rank))) {
    refuse('INVALID', `Transpose perm [${perm.join(', ')}] is not a permutation of rank ${rank}`);
  }
  const dims = perm.map((p) => data.dims[p] as number);
  const out = allocate(data.dataType, dims, ctx.maxBytes);
  const inStrides = stridesOf(data.dims);
  const strides = perm.map((p) => inStrides[p] as number);
  const counter = new Array<number>(rank).fill(0);
  let source = 0;
  for (let i = 0; i < out.data.length; i++) {
    copy(data, out, source, i);
    for (let a = rank - 1; a >= 0; a--) {
      const c = (counter[a] as number) + 1;
      if (c < (dims[a] as number)) {
        counter[a] = c;
        source += strides[a] as number;
        break;
      }
      counter[a] = 0;
      source -= (strides[a] as number) * (c - 1);
    }
  }
  return [out];
};

export const INDEX_KERNELS: Readonly<Record<string, Kernel>> = {
  Gather: gather,
  Slice: slice,
  Concat: concat,
  Transpose: transpose,
};
