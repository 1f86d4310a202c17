import { DataType, dataTypeName } from '../../onnx/dtype.ts';
import { attrInt } from './attributes.ts';
import { allocate, isBigIntType, isFloatType, isSupportedType, refuse } from './const-tensor.ts';
import type { Kernel } from './kernel.ts';
import { store, valuesOf } from './values.ts';

/** The range of each integer type, for refusing float → int casts C++ leaves undefined. */
const INTEGER_RANGE: Readonly<Record<number, readonly [number, number]>> = {
  [DataType.INT8]: [-(2 ** 7), 2 ** 7 - 1],
  [DataType.INT16]: [-(2 ** 15), 2 ** 15 - 1],
  [DataType.INT32]: [-(2 ** 31), 2 ** 31 - 1],
  [DataType.INT64]: [-(2 ** 63), 2 ** 63],
  [DataType.UINT8]: [0, 2 ** 8 - 1],
  [DataType.UINT16]: [0, 2 ** 16 - 1],
  [DataType.UINT32]: [0, 2 ** 32 - 1],
  [DataType.UINT64]: [0, 2 ** 64],
};

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The float32 next to `x` (a finite, non-zero float32) in direction `dir`, by its bits. */
function nextFloat32(x: number, dir: 1 | -1): number {
  f32[0] = x;
  u32[0] = (u32[0] as number) + (x > 0 === dir > 0 ? 1 : -1);
  return f32[0] as number;
}

/**
 * A 64-bit integer rounded once to float32, nearest, ties to even. Number(v) rounds to float64
 * first, and rounding that again can land on the wrong side of a float32 tie, so past 2^53 the
 * neighbours are compared exactly.
 */
export function bigintToFloat32(v: bigint): number {
  const approx = Math.fround(Number(v));
  if (v <= 2n ** 53n && v >= -(2n ** 53n)) return approx;
  let best = approx;
  let bestError = abs(v - BigInt(approx));
  for (const candidate of [nextFloat32(approx, 1), nextFloat32(approx, -1)]) {
    const error = abs(v - BigInt(candidate));
    f32[0] = candidate;
    const even = ((u32[0] as number) & 1) === 0;
    if (error < bestError || (error === bestError && even)) {
      best = candidate;
      bestError = error;
    }
  }
  return best;
}

const abs = (x: bigint) => (x < 0n ? -x : x);

/**
 * Cast. Floats to integers truncate toward zero; NaN, infinities and values outside the target's
 * range are refused (C++ leaves them undefined, so onnxruntime's result is not something to copy).
 * Integers to narrower integers wrap; anything to bool is "not zero"; to float16/bfloat16 rounds
 * to nearest even; strings and 8-bit floats are not evaluated.
 */
export const cast: Kernel = (ctx) => {
  const input = ctx.inputs[0] ?? refuse(ctx.node.input?.[0] ? 'NOT_CONSTANT' : 'INVALID', 'Cast input is not constant');
  const to = attrInt(ctx.node, 'to', 0);
  if (!isSupportedType(to) || !isSupportedType(input.dataType)) {
    refuse('UNSUPPORTED_OP', `Cast from ${dataTypeName(input.dataType)} to ${dataTypeName(to)} is not evaluated`);
  }
  const out = allocate(to, input.dims, ctx.maxBytes);
  const values = valuesOf(input);
  const fromFloat = isFloatType(input.dataType);
  const toBig = isBigIntType(to);
  const range = INTEGER_RANGE[to];
  for (let i = 0; i < out.data.length; i++) {
    const v = values[i] as number | bigint;
    let result: number | bigint;
    if (to === DataType.BOOL) {
      result = v ? 1 : 0; // NaN is not zero: true, as in C++
      if (typeof v === 'number' && Number.isNaN(v)) result = 1;
    } else if (fromFloat && range) {
      const n = v as number;
      const whole = Math.trunc(n);
      // The int64/uint64 bounds are 2^63 and 2^64 exactly: exclusive, unlike the narrow types' maxima.
      const over = to === DataType.INT64 || to === DataType.UINT64 ? whole >= range[1] : whole > range[1];
      if (!Number.isFinite(n) || whole < range[0] || over) {
        refuse('INVALID', `Cast of ${n} to ${dataTypeName(to)} is out of range`);
      }
      result = toBig ? BigInt(whole) : whole;
    } else if (typeof v === 'bigint') {
      if (toBig) result = v;
      else if (to === DataType.FLOAT) result = bigintToFloat32(v);
      else if (isFloatType(to)) result = Number(v);
      else result = Number(BigInt.asUintN(32, v)); // the narrow store wraps modulo its width
    } else {
      result = toBig ? BigInt(v) : v;
    }
    store(to, out.data, i, result);
  }
  return [out];
};
