import { attrInt, attrInts, attrString } from '../../fusion/attributes.ts';
import { DataType } from '../../onnx/dtype.ts';
import { type NodeView, shaped } from './node-view.ts';
import type { Rule } from './rules-elementwise.ts';
import type { Dim } from './types.ts';

/** Conv, pooling and ConvTranspose output sizes per spatial axis, as the ONNX spec computes them. */
function spatial(v: NodeView, kind: 'conv' | 'pool' | 'convT', kernel: Dim[] | undefined): Dim[] | undefined {
  const x = v.dims(0);
  if (!x || x.length < 3) return undefined;
  const n = x.length - 2;
  const shapeKernel = attrInts(v.node, 'kernel_shape') ?? kernel?.map((d) => (typeof d === 'number' ? d : Number.NaN));
  if (!shapeKernel || shapeKernel.length !== n || shapeKernel.some((k) => !Number.isInteger(k) || k < 1))
    return undefined;
  const strides = attrInts(v.node, 'strides') ?? new Array<number>(n).fill(1);
  const dilations = attrInts(v.node, 'dilations') ?? new Array<number>(n).fill(1);
  const pads = attrInts(v.node, 'pads') ?? new Array<number>(2 * n).fill(0);
  const autoPad = attrString(v.node, 'auto_pad') ?? 'NOTSET';
  const ceil = attrInt(v.node, 'ceil_mode', 0) === 1;
  if (strides.length !== n || dilations.length !== n || pads.length !== 2 * n) return undefined;
  if ([...strides, ...dilations].some((s) => !Number.isInteger(s) || s < 1)) return undefined;
  const outputPadding = attrInts(v.node, 'output_padding') ?? new Array<number>(n).fill(0);
  const outputShape = attrInts(v.node, 'output_shape');
  return x.slice(2).map((d, i) => {
    const k = shapeKernel[i] as number;
    const s = strides[i] as number;
    const dil = dilations[i] as number;
    const effective = (k - 1) * dil + 1;
    if (kind === 'convT') {
      if (outputShape && outputShape.length === n) return outputShape[i] as number;
      const key = `convT(${d},${k},${s},${dil},${pads[i]},${pads[i + n]},${outputPadding[i]},${autoPad})`;
      if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') return v.symbols.apply(d, key, (x) => x * s);
      return v.symbols.apply(
        d,
        key,
        (x) => s * (x - 1) + (outputPadding[i] as number) + effective - (pads[i] as number) - (pads[i + n] as number),
      );
    }
    const key = `${kind}(${d},${k},${s},${dil},${pads[i]},${pads[i + n]},${autoPad},${ceil})`;
    if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') return v.symbols.apply(d, key, (x) => Math.ceil(x / s));
    if (autoPad === 'VALID') return v.symbols.apply(d, key, (x) => Math.ceil((x - effective + 1) / s));
    const round = ceil ? Math.ceil : Math.floor;
    return v.symbols.apply(d, key, (x) => {
      const span = x + (pads[i] as number) + (pads[i + n] as number) - effective;
      let out = round(span / s) + 1;
      // ceil_mode: the last window must start inside the input or its left padding.
      if (ceil && (out - 1) * s >= x + (pads[i] as number)) out -= 1;
      return out;
    });
  });
}

const conv: Rule = (v) => {
  const x = v.dims(0);
  const w = v.dims(1);
  const sp = spatial(v, 'conv', w?.slice(2));
  return [shaped(v.elemType(0), x && sp ? [x[0] as Dim, w?.[0] ?? v.symbols.fresh(), ...sp] : undefined)];
};

const convTranspose: Rule = (v) => {
  const x = v.dims(0);
  const w = v.dims(1);
  const sp = spatial(v, 'convT', w?.slice(2));
  const group = attrInt(v.node, 'group', 1);
  const channels = w?.[1] === undefined ? v.symbols.fresh() : v.symbols.product([w[1], group]);
  return [shaped(v.elemType(0), x && sp ? [x[0] as Dim, channels, ...sp] : undefined)];
};

const pool: Rule = (v) => {
  const x = v.dims(0);
  const sp = spatial(v, 'pool', undefined);
  const dims = x && sp ? [x[0] as Dim, x[1] as Dim, ...sp] : undefined;
  return [shaped(v.elemType(0), dims), shaped(DataType.INT64, dims)];
};

const globalPool: Rule = (v) => {
  const x = v.dims(0);
  return [
    shaped(v.elemType(0), x && x.length >= 2 ? [x[0] as Dim, x[1] as Dim, ...x.slice(2).map(() => 1)] : undefined),
  ];
};

/** numpy matmul: 1-D operands promoted and their axis removed, batch axes broadcast. */
const matMul: Rule = (v) => {
  const a = v.dims(0);
  const b = v.dims(1);
  if (!a || !b || a.length === 0 || b.length === 0) return [shaped(v.elemType(0), undefined)];
  const a2 = a.length === 1 ? [1, a[0] as Dim] : a;
  const b2 = b.length === 1 ? [b[0] as Dim, 1] : b;
  const batch = v.symbols.broadcast([a2.slice(0, -2), b2.slice(0, -2)]);
  if (!batch) return [shaped(v.elemType(0), undefined)];
  const dims = [...batch];
  if (a.length > 1) dims.push(a2[a2.length - 2] as Dim);
  if (b.length > 1) dims.push(b2[b2.length - 1] as Dim);
  return [shaped(v.elemType(0), dims)];
};

const gemm: Rule = (v) => {
  const a = v.dims(0);
  const b = v.dims(1);
  if (!a || !b || a.length !== 2 || b.length !== 2) return [shaped(v.elemType(0), undefined)];
  const m = attrInt(v.node, 'transA', 0) ? a[1] : a[0];
  const n = attrInt(v.node, 'transB', 0) ? b[0] : b[1];
  return [shaped(v.elemType(0), [m as Dim, n as Dim])];
};

/** LayerNormalization: Y like X; Mean and InvStdDev with the normalized axes set to 1. */
const layerNorm: Rule = (v) => {
  const x = v.dims(0);
  const axis = attrInt(v.node, 'axis', -1);
  const rank = x?.length ?? 0;
  const a = axis < 0 ? axis + rank : axis;
  const stats = x && a >= 0 && a < rank ? x.map((d, i) => (i >= a ? 1 : d)) : undefined;
  const statType = attrInt(v.node, 'stash_type', 1) === 1 ? DataType.FLOAT : v.elemType(0);
  return [shaped(v.elemType(0), x), shaped(statType, stats), shaped(statType, stats)];
};

/**
 * Resize (opset 11+: X, roi, scales, sizes; opset 10: X, scales) and Upsample: sizes when given,
 * else floor(dim × scale).
 */
const resize: Rule = (v) => {
  const x = v.dims(0);
  const type = v.elemType(0);
  if (!x) return [shaped(type, undefined)];
  const legacy = v.node.opType === 'Upsample' || v.opset < 11;
  const sizes = legacy ? undefined : v.values(3);
  if (sizes && !sizes.scalar && sizes.elems.length === x.length) return [shaped(type, [...sizes.elems])];
  const scales = legacy ? (v.node.opType === 'Upsample' && v.opset < 9 ? attrFloatsOf(v) : v.floats(1)) : v.floats(2);
  if (!scales || scales.length !== x.length)
    return [
      shaped(
        type,
        x.map(() => v.symbols.fresh()),
      ),
    ];
  return [
    shaped(
      type,
      x.map((d, i) =>
        scales[i] === 1 ? d : v.symbols.apply(d, `scale(${scales[i]})`, (n) => Math.floor(n * (scales[i] as number))),
      ),
    ),
  ];
};

function attrFloatsOf(v: NodeView): number[] | undefined {
  const a = (v.node.attribute ?? []).find((x) => x.name === 'scales');
  return a?.floats ? [...a.floats] : undefined;
}

/** Pad: pads from the attribute before opset 11, from input 1 after (with opset 18's axes). */
const pad: Rule = (v) => {
  const x = v.dims(0);
  const type = v.elemType(0);
  if (!x) return [shaped(type, undefined)];
  const rank = x.length;
  const pads = v.opset < 11 ? attrInts(v.node, 'pads') : v.ints(1);
  const axes = v.opset >= 18 && v.has(3) ? v.ints(3) : x.map((_, i) => i);
  if (!pads || !axes || pads.length !== 2 * axes.length)
    return [
      shaped(
        type,
        x.map(() => v.symbols.fresh()),
      ),
    ];
  const out = [...x];
  axes.forEach((axis, k) => {
    const a = axis < 0 ? axis + rank : axis;
    const extra = (pads[k] as number) + (pads[k + axes.length] as number);
    if (a >= 0 && a < rank && extra !== 0) out[a] = v.symbols.sum([x[a] as Dim, extra]);
  });
  return [shaped(type, out)];
};

/** DepthToSpace / SpaceToDepth with blocksize b. */
function spaceDepth(toSpace: boolean): Rule {
  return (v) => {
    const x = v.dims(0);
    const b = attrInt(v.node, 'blocksize', 0);
    if (x?.length !== 4 || b < 1) return [shaped(v.elemType(0), undefined)];
    const [n, c, h, w] = x as [Dim, Dim, Dim, Dim];
    const s = v.symbols;
    return [
      shaped(
        v.elemType(0),
        toSpace
          ? [n, s.apply(c, `div(${b * b})`, (d) => d / (b * b)), s.product([h, b]), s.product([w, b])]
          : [n, s.product([c, b * b]), s.apply(h, `div(${b})`, (d) => d / b), s.apply(w, `div(${b})`, (d) => d / b)],
      ),
    ];
  };
}

export const NN_RULES: Readonly<Record<string, Rule>> = {
  Conv: conv,
  ConvTranspose: convTranspose,
  MaxPool: pool,
  AveragePool: pool,
  LpPool: pool,
  GlobalAveragePool: globalPool,
  GlobalMaxPool: globalPool,
  GlobalLpPool: globalPool,
  MatMul: matMul,
  Gemm: gemm,
  LayerNormalization: layerNorm,
  Resize: resize,
  Upsample: resize,
  Pad: pad,
  DepthToSpace: spaceDepth(true),
  SpaceToDepth: spaceDepth(false),
};
