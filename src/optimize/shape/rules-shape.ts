import { attrInt, attrInts } from '../../fusion/attributes.ts';
import { DataType } from '../../onnx/dtype.ts';
import { int64ToApproxNumber } from '../../onnx/index.ts';
import { type NodeView, shaped } from './node-view.ts';
import type { Rule } from './rules-elementwise.ts';
import type { Dim } from './types.ts';

const norm = (axis: number, rank: number): number | undefined =>
  Number.isInteger(axis) && axis >= -rank && axis < rank ? (axis < 0 ? axis + rank : axis) : undefined;

const freshDims = (v: NodeView, rank: number): Dim[] => Array.from({ length: rank }, () => v.symbols.fresh());

/** The length of a 1-D input when its own shape is known (a shape tensor whose values are not). */
function lengthOf(v: NodeView, i: number): number | undefined {
  const d = v.dims(i);
  return d?.length === 1 && typeof d[0] === 'number' ? d[0] : undefined;
}

/** Reshape: 0 copies the input's dim (unless allowzero), -1 is what is left — symbolic when it must be. */
const reshape: Rule = (v) => {
  const type = v.elemType(0);
  const x = v.dims(0);
  const requested = v.opset < 5 ? attrInts(v.node, 'shape') : v.values(1)?.elems;
  if (!requested) {
    const rank = lengthOf(v, 1);
    return [shaped(type, rank === undefined ? undefined : freshDims(v, rank))];
  }
  const allowZero = attrInt(v.node, 'allowzero', 0) === 1;
  let inferAt = -1;
  const dims: Dim[] = [];
  for (let i = 0; i < requested.length; i++) {
    const d = requested[i] as Dim;
    if (d === -1) {
      if (inferAt >= 0) return [shaped(type, undefined)];
      inferAt = i;
      dims.push(1);
    } else if (d === 0 && !allowZero) {
      const copied = x?.[i];
      dims.push(copied ?? v.symbols.fresh());
    } else if (typeof d === 'number' && d < 0) {
      return [shaped(type, undefined)];
    } else {
      dims.push(d);
    }
  }
  if (inferAt >= 0) dims[inferAt] = x ? remaining(v, x, dims, inferAt) : v.symbols.fresh();
  return [shaped(type, dims)];
};

/** The -1 of a Reshape: the input's size divided by the other requested dims, symbols cancelled. */
function remaining(v: NodeView, input: readonly Dim[], dims: readonly Dim[], at: number): Dim {
  let num = 1;
  let den = 1;
  const symbols: string[] = [];
  for (const d of input) {
    if (typeof d === 'number') num *= d;
    else symbols.push(d);
  }
  for (let i = 0; i < dims.length; i++) {
    if (i === at) continue;
    const d = dims[i] as Dim;
    if (typeof d === 'number') den *= d;
    else {
      const k = symbols.indexOf(d);
      if (k < 0) return v.symbols.derive(`reshape(${input.join(',')}/${dims.join(',')})`);
      symbols.splice(k, 1);
    }
  }
  if (symbols.length === 0) return den !== 0 && num % den === 0 ? num / den : v.symbols.fresh();
  if (num === den && symbols.length === 1) return symbols[0] as string;
  return v.symbols.derive(`reshape(${input.join(',')}/${dims.join(',')})`);
}

const flatten: Rule = (v) => {
  const x = v.dims(0);
  if (!x) return [shaped(v.elemType(0), undefined)];
  let axis = attrInt(v.node, 'axis', 1);
  if (axis < 0) axis += x.length;
  if (axis < 0 || axis > x.length) return [shaped(v.elemType(0), undefined)];
  return [shaped(v.elemType(0), [v.symbols.product(x.slice(0, axis)), v.symbols.product(x.slice(axis))])];
};

const transpose: Rule = (v) => {
  const x = v.dims(0);
  if (!x) return [shaped(v.elemType(0), undefined)];
  const perm = attrInts(v.node, 'perm') ?? x.map((_, i) => x.length - 1 - i);
  if (perm.length !== x.length || new Set(perm).size !== perm.length || perm.some((p) => !(p >= 0 && p < x.length))) {
    return [shaped(v.elemType(0), undefined)];
  }
  return [
    shaped(
      v.elemType(0),
      perm.map((p) => x[p] as Dim),
    ),
  ];
};

const concat: Rule = (v) => {
  const inputs = Array.from({ length: v.inputCount }, (_, i) => v.dims(i));
  const type = v.elemType(0);
  const known = inputs.find((d) => d !== undefined);
  if (!known) return [shaped(type, undefined)];
  const rank = known.length;
  const axis = norm(attrInt(v.node, 'axis', Number.NaN), rank);
  if (axis === undefined || inputs.some((d) => d && d.length !== rank)) return [shaped(type, undefined)];
  const out = known.map((d, i) => {
    if (i === axis) {
      if (inputs.some((x) => !x)) return v.symbols.fresh();
      return v.symbols.sum(inputs.map((x) => (x as Dim[])[axis] as Dim));
    }
    // Every input has the same size here: a number any input knows wins.
    let dim: Dim = d;
    for (const x of inputs) if (x && typeof x[i] === 'number') dim = x[i] as number;
    return dim;
  });
  return [shaped(type, out)];
};

/** Split: sizes from the attribute (< 13) or input 1, else equal parts (num_outputs from opset 18). */
const split: Rule = (v) => {
  const x = v.dims(0);
  const type = v.elemType(0);
  const count = v.node.output?.length ?? 0;
  if (!x) return Array.from({ length: count }, () => shaped(type, undefined));
  const axis = norm(attrInt(v.node, 'axis', 0), x.length);
  if (axis === undefined) return Array.from({ length: count }, () => shaped(type, undefined));
  const sizes = v.opset < 13 ? attrInts(v.node, 'split') : v.has(1) ? v.ints(1) : undefined;
  const d = x[axis] as Dim;
  return Array.from({ length: count }, (_, k) => {
    let size: Dim;
    if (sizes && sizes.length === count) size = sizes[k] as number;
    else if (typeof d === 'number' && count > 0) {
      const part = Math.ceil(d / count);
      size = k < count - 1 ? part : d - part * (count - 1);
    } else size = v.symbols.derive(`split(${d},${count},${k})`);
    const dims = [...x];
    dims[axis] = size;
    return shaped(type, dims);
  });
};

/** Slice on dims: exact for numbers; a symbol kept for a whole-axis slice, derived otherwise. */
const slice: Rule = (v) => {
  const x = v.dims(0);
  const type = v.elemType(0);
  if (!x) return [shaped(type, undefined)];
  const starts = v.opset < 10 ? attrInts(v.node, 'starts') : v.ints(1);
  const ends = v.opset < 10 ? attrInts(v.node, 'ends') : v.ints(2);
  const axes = v.opset < 10 ? attrInts(v.node, 'axes') : v.has(3) ? v.ints(3) : undefined;
  const steps = v.opset >= 10 && v.has(4) ? v.ints(4) : undefined;
  const axesKnown = v.opset < 10 || !v.has(3) || axes !== undefined;
  if (!starts || !ends || !axesKnown || (v.opset >= 10 && v.has(4) && !steps)) {
    // Which axes change is not known (or by how much): the rank stays, the sliced sizes are fresh.
    const sliced = axes ? new Set(axes.map((a) => norm(a, x.length))) : undefined;
    return [
      shaped(
        type,
        x.map((d, i) => (sliced && !sliced.has(i) ? d : v.symbols.fresh())),
      ),
    ];
  }
  const out = [...x];
  const axisList = axes ?? starts.map((_, i) => i);
  for (let k = 0; k < axisList.length; k++) {
    const a = norm(axisList[k] as number, x.length);
    if (a === undefined || starts[k] === undefined || ends[k] === undefined) return [shaped(type, undefined)];
    const step = steps?.[k] ?? 1;
    if (step === 0) return [shaped(type, undefined)];
    out[a] = sliceDim(v, x[a] as Dim, starts[k] as number, ends[k] as number, step);
  }
  return [shaped(type, out)];
};

function sliceDim(v: NodeView, d: Dim, start: number, end: number, step: number): Dim {
  if (typeof d === 'number') {
    let s = start < 0 ? start + d : start;
    let e = end < 0 ? end + d : end;
    if (step > 0) {
      s = Math.min(Math.max(s, 0), d);
      e = Math.min(Math.max(e, 0), d);
    } else {
      s = Math.min(Math.max(s, 0), d - 1);
      e = Math.min(Math.max(e, -1), d - 1);
    }
    return Math.max(0, Math.ceil((e - s) / step));
  }
  // The whole axis, forwards: the size is unchanged whatever it is.
  if (step === 1 && start === 0 && end >= 2 ** 31 - 1) return d;
  return v.symbols.derive(`slice(${d},${start},${end},${step})`);
}

const gather: Rule = (v) => {
  const x = v.dims(0);
  const indices = v.dims(1);
  const type = v.elemType(0);
  if (!x || !indices) return [shaped(type, undefined)];
  const axis = norm(attrInt(v.node, 'axis', 0), x.length);
  if (axis === undefined) return [shaped(type, undefined)];
  return [shaped(type, [...x.slice(0, axis), ...indices, ...x.slice(axis + 1)])];
};

/** Axes from the attribute before `since`, from input 1 after; undefined when not known. */
function axesInput(v: NodeView, since: number): { given: boolean; axes: number[] | undefined } {
  if (v.opset < since) {
    const axes = attrInts(v.node, 'axes');
    return { given: axes !== undefined, axes };
  }
  return { given: v.has(1), axes: v.has(1) ? v.ints(1) : undefined };
}

const squeeze: Rule = (v) => {
  const x = v.dims(0);
  const type = v.elemType(0);
  if (!x) return [shaped(type, undefined)];
  const { given, axes } = axesInput(v, 13);
  if (given && !axes) return [shaped(type, undefined)];
  if (!axes || axes.length === 0) {
    // Without axes every size-1 axis goes: a symbolic one might be 1, so the rank is then unknown.
    if (x.some((d) => typeof d !== 'number')) return [shaped(type, undefined)];
    return [
      shaped(
        type,
        x.filter((d) => d !== 1),
      ),
    ];
  }
  const drop = new Set(axes.map((a) => norm(a, x.length)));
  if (drop.has(undefined)) return [shaped(type, undefined)];
  return [
    shaped(
      type,
      x.filter((_, i) => !drop.has(i)),
    ),
  ];
};

const unsqueeze: Rule = (v) => {
  const x = v.dims(0);
  const type = v.elemType(0);
  const { axes } = axesInput(v, 13);
  if (!x || !axes) return [shaped(type, undefined)];
  const rank = x.length + axes.length;
  const inserted = new Set(axes.map((a) => norm(a, rank)));
  if (inserted.has(undefined) || inserted.size !== axes.length) return [shaped(type, undefined)];
  const out: Dim[] = [];
  let from = 0;
  for (let i = 0; i < rank; i++) out.push(inserted.has(i) ? 1 : (x[from++] as Dim));
  return [shaped(type, out)];
};

const shapeOp: Rule = (v) => {
  const x = v.dims(0);
  if (!x) return [shaped(DataType.INT64, [v.symbols.fresh()])];
  const r = x.length;
  const clamp = (a: number) => Math.min(Math.max(a < 0 ? a + r : a, 0), r);
  const start = clamp(attrInt(v.node, 'start', 0));
  const end = clamp(attrInt(v.node, 'end', r));
  return [shaped(DataType.INT64, [Math.max(0, end - start)])];
};

const expand: Rule = (v) => {
  const type = v.elemType(0);
  const requested = v.values(1);
  if (!requested) {
    const rank = lengthOf(v, 1);
    const x = v.dims(0);
    return [shaped(type, rank === undefined || !x ? undefined : freshDims(v, Math.max(rank, x.length)))];
  }
  return [shaped(type, v.symbols.broadcast([v.dims(0), requested.elems]))];
};

const tile: Rule = (v) => {
  const x = v.dims(0);
  const repeats = v.values(1);
  if (!x) return [shaped(v.elemType(0), undefined)];
  if (!repeats || repeats.elems.length !== x.length) return [shaped(v.elemType(0), freshDims(v, x.length))];
  return [
    shaped(
      v.elemType(0),
      x.map((d, i) => v.symbols.product([d, repeats.elems[i] as Dim])),
    ),
  ];
};

const constantOfShape: Rule = (v) => {
  const t = (v.node.attribute ?? []).find((a) => a.name === 'value')?.t;
  const type = t?.dataType ?? DataType.FLOAT;
  const requested = v.values(0);
  if (requested) return [shaped(type, [...requested.elems])];
  const rank = lengthOf(v, 0);
  return [shaped(type, rank === undefined ? undefined : freshDims(v, rank))];
};

/** Constant too large to evaluate during inference: its dims are in the attribute. */
const constant: Rule = (v) => {
  const t = (v.node.attribute ?? []).find((a) => a.name === 'value')?.t;
  if (!t) return [undefined];
  return [
    shaped(
      t.dataType ?? 0,
      (t.dims ?? []).map((d) => int64ToApproxNumber(d)),
    ),
  ];
};

/** Range with symbolic bounds: 0..n step 1 has n elements; other symbolic ranges a derived size. */
const range: Rule = (v) => {
  const [start, limit, delta] = [0, 1, 2].map((i) => v.values(i)?.elems[0]);
  if (start === 0 && delta === 1 && limit !== undefined)
    return [shaped(v.elemType(0), [typeof limit === 'number' ? Math.max(0, limit) : limit])];
  if (start !== undefined && limit !== undefined && delta !== undefined) {
    return [shaped(v.elemType(0), [v.symbols.derive(`range(${start},${limit},${delta})`)])];
  }
  return [shaped(v.elemType(0), [v.symbols.fresh()])];
};

/** Reduce*: axes from the attribute or (ReduceSum from 13, the others from 18) input 1. */
function reduce(inputSince: number): Rule {
  return (v) => {
    const x = v.dims(0);
    const type = v.elemType(0);
    if (!x) return [shaped(type, undefined)];
    const keep = attrInt(v.node, 'keepdims', 1) === 1;
    const { given, axes } = axesInput(v, inputSince);
    if (given && !axes) return [shaped(type, keep ? freshDims(v, x.length) : undefined)];
    if (!axes || axes.length === 0) {
      if (v.opset >= inputSince && attrInt(v.node, 'noop_with_empty_axes', 0) === 1) return [shaped(type, x)];
      return [shaped(type, keep ? x.map(() => 1) : [])];
    }
    const reduced = new Set(axes.map((a) => norm(a, x.length)));
    if (reduced.has(undefined)) return [shaped(type, undefined)];
    return [shaped(type, keep ? x.map((d, i) => (reduced.has(i) ? 1 : d)) : x.filter((_, i) => !reduced.has(i)))];
  };
}

const argReduce: Rule = (v) => {
  const x = v.dims(0);
  if (!x) return [shaped(DataType.INT64, undefined)];
  const axis = norm(attrInt(v.node, 'axis', 0), x.length);
  if (axis === undefined) return [shaped(DataType.INT64, undefined)];
  const keep = attrInt(v.node, 'keepdims', 1) === 1;
  return [shaped(DataType.INT64, keep ? x.map((d, i) => (i === axis ? 1 : d)) : x.filter((_, i) => i !== axis))];
};

const topK: Rule = (v) => {
  const x = v.dims(0);
  if (!x) return [shaped(v.elemType(0), undefined), shaped(DataType.INT64, undefined)];
  const axis = norm(attrInt(v.node, 'axis', -1), x.length);
  const k = v.opset < 10 ? attrInt(v.node, 'k', -1) : v.values(1)?.elems[0];
  const dims = axis === undefined ? undefined : x.map((d, i) => (i === axis ? (k ?? v.symbols.fresh()) : d));
  return [shaped(v.elemType(0), dims), shaped(DataType.INT64, dims)];
};

const nonZero: Rule = (v) => {
  const x = v.dims(0);
  return [shaped(DataType.INT64, x ? [x.length, v.symbols.fresh()] : undefined)];
};

const REDUCE_18 = [
  'ReduceMean',
  'ReduceMax',
  'ReduceMin',
  'ReduceProd',
  'ReduceL1',
  'ReduceL2',
  'ReduceLogSum',
  'ReduceLogSumExp',
  'ReduceSumSquare',
];

export const SHAPE_RULES: Readonly<Record<string, Rule>> = {
  Reshape: reshape,
  Flatten: flatten,
  Transpose: transpose,
  Concat: concat,
  Split: split,
  Slice: slice,
  Gather: gather,
  GatherElements: (v) => [shaped(v.elemType(0), v.dims(1))],
  Squeeze: squeeze,
  Unsqueeze: unsqueeze,
  Shape: shapeOp,
  Size: () => [shaped(DataType.INT64, [])],
  Expand: expand,
  Tile: tile,
  ConstantOfShape: constantOfShape,
  Constant: constant,
  Range: range,
  ...Object.fromEntries(REDUCE_18.map((op) => [op, reduce(18)])),
  ReduceSum: reduce(13),
  ArgMax: argReduce,
  ArgMin: argReduce,
  TopK: topK,
  NonZero: nonZero,
  EyeLike: (v) => [shaped(attrInt(v.node, 'dtype', v.elemType(0)), v.dims(0))],
};
