import { DataType, dataTypeName } from '../../onnx/dtype.ts';
import { attrInt, attrInts } from './attributes.ts';
import {
  allocate,
  integerValues,
  isBigIntType,
  isSupportedType,
  normalizeAxis,
  refuse,
  stridesOf,
} from './const-tensor.ts';
import { type Kernel, optional, required } from './kernel.ts';
import { store, valuesOf } from './values.ts';

/**
 * ReduceProd: axes from the attribute before opset 18, from input 1 from 18 on (with
 * noop_with_empty_axes); keepdims defaults to 1. Products accumulate in order in the element type
 * (float32 rounds after every step, integers wrap).
 */
export const reduceProd: Kernel = (ctx) => {
  const data = required(ctx, 0);
  const t = data.dataType;
  if (!isSupportedType(t) || t === DataType.BOOL) refuse('INVALID', `ReduceProd does not take ${dataTypeName(t)}`);
  const rank = data.dims.length;
  let axes: number[] | undefined;
  if (ctx.opset < 18) {
    axes = attrInts(ctx.node, 'axes');
  } else {
    const given = optional(ctx, 1);
    axes = given ? integerValues(given, 'axes') : undefined;
    if ((!axes || axes.length === 0) && attrInt(ctx.node, 'noop_with_empty_axes', 0) === 1) return [data];
  }
  const reduced = new Set(
    (axes && axes.length > 0 ? axes : data.dims.map((_, i) => i)).map((a) => normalizeAxis(a, rank)),
  );
  const keepDims = attrInt(ctx.node, 'keepdims', 1) === 1;
  const keptDims = data.dims.map((d, i) => (reduced.has(i) ? 1 : d));
  const out = allocate(t, keepDims ? keptDims : data.dims.filter((_, i) => !reduced.has(i)), ctx.maxBytes);
  const outStrides = stridesOf(keptDims);
  const big = isBigIntType(t);
  const acc: (number | bigint)[] = Array.from({ length: out.data.length }, () => (big ? 1n : 1));
  const values = valuesOf(data);
  const round = t === DataType.FLOAT ? Math.fround : (x: number) => x;
  const multiply =
    t === DataType.INT32 || t === DataType.UINT32
      ? (x: number, y: number) => Math.imul(x, y)
      : (x: number, y: number) => round(x * y);
  const counter = new Array<number>(rank).fill(0);
  for (let i = 0; i < values.length; i++) {
    let target = 0;
    for (let a = 0; a < rank; a++) if (!reduced.has(a)) target += (counter[a] as number) * (outStrides[a] as number);
    const v = values[i] as number | bigint;
    const prior = acc[target] as number | bigint;
    acc[target] = big ? BigInt.asIntN(64, (prior as bigint) * (v as bigint)) : multiply(prior as number, v as number);
    for (let a = rank - 1; a >= 0; a--) {
      counter[a] = (counter[a] as number) + 1;
      if ((counter[a] as number) < (data.dims[a] as number)) break;
      counter[a] = 0;
    }
  }
  acc.forEach((v, i) => {
    store(t, out.data, i, v);
  });
  return [out];
};
