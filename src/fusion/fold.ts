/**
 * The arithmetic of folding, in float64. A per-channel affine map y = s·x + t (BatchNormalization
 * in inference mode, or a per-channel Mul/Add) is pushed into the weights of the node before or
 * after it.
 */

import type { Rescaler } from '../onnx/index.ts';

/** A weight tensor being rewritten in one pass (see the core's `Rescaler`). */
export type WeightScaler = Pick<Rescaler, 'scale' | 'scaleStrided' | 'sum'>;

export interface ChannelAffine {
  s: Float64Array;
  t: Float64Array;
}

/** BatchNormalization as y = s·x + t: s = γ / √(var + ε), t = β − mean·s. */
export function bnAffine(
  scale: Float64Array,
  bias: Float64Array,
  mean: Float64Array,
  variance: Float64Array,
  epsilon: number,
): ChannelAffine {
  const n = scale.length;
  const s = new Float64Array(n);
  const t = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    s[c] = (scale[c] as number) / Math.sqrt((variance[c] as number) + epsilon);
    t[c] = (bias[c] as number) - (mean[c] as number) * (s[c] as number);
  }
  return { s, t };
}

/** Layout of a convolution weight: which output channel each element feeds. */
export interface ConvLayout {
  dims: readonly number[];
  group: number;
  /** ConvTranspose weights are [C_in, C_out/group, k...]; Conv weights are [C_out, C_in/group, k...]. */
  transpose: boolean;
}

function product(values: readonly number[]): number {
  return values.reduce((p, d) => p * d, 1);
}

/**
 * Applies y = s·x + t after the conv: W' = W·s[out], b' = b·s + t. `weight` writes W' in one pass
 * over the stored weights (each element read once, multiplied in float64, rounded once); the bias
 * is a new float64 array.
 */
export function foldAffineAfter(
  weight: WeightScaler,
  bias: Float64Array | undefined,
  layout: ConvLayout,
  affine: ChannelAffine,
): { bias: Float64Array } {
  const [d0, d1] = layout.dims as [number, number];
  const kernel = product(layout.dims.slice(2));
  if (layout.transpose) {
    // [C_in, C_out/g, k...]: input channel ci is in group ci / (C_in/g); its row j feeds output g·(C_out/g) + j.
    const inPerGroup = d0 / layout.group;
    for (let ci = 0; ci < d0; ci++) {
      const g = Math.floor(ci / inPerGroup);
      for (let j = 0; j < d1; j++) {
        const offset = (ci * d1 + j) * kernel;
        weight.scale(offset, offset + kernel, affine.s[g * d1 + j] as number);
      }
    }
  } else {
    // [C_out, C_in/g, k...]: all of output channel o's weights are one run.
    const run = d1 * kernel;
    for (let o = 0; o < d0; o++) weight.scale(o * run, (o + 1) * run, affine.s[o] as number);
  }
  const b = new Float64Array(affine.s.length);
  for (let c = 0; c < b.length; c++) b[c] = (bias?.[c] ?? 0) * (affine.s[c] as number) + (affine.t[c] as number);
  return { bias: b };
}

/**
 * Applies x = s·u + t before the conv (per input channel, no padding): W' = W·s[in],
 * b'[o] = b[o] + Σ W[o, i, k]·t[in]. `weight` writes W' in one pass; the bias is a new array.
 * Conv weights only ([C_out, C_in/g, k...]): ConvTranspose is never folded this way.
 */
export function foldAffineBefore(
  weight: WeightScaler,
  bias: Float64Array | undefined,
  layout: ConvLayout,
  outChannels: number,
  affine: ChannelAffine,
): { bias: Float64Array } {
  const [d0, d1] = layout.dims as [number, number];
  const kernel = product(layout.dims.slice(2));
  const b = new Float64Array(outChannels);
  for (let o = 0; o < outChannels; o++) b[o] = bias?.[o] ?? 0;
  // Output o is in group o / (C_out/g); its column i reads input g·(C_in/g) + i.
  const outPerGroup = d0 / layout.group;
  for (let o = 0; o < d0; o++) {
    const g = Math.floor(o / outPerGroup);
    for (let i = 0; i < d1; i++) {
      const input = g * d1 + i;
      const offset = (o * d1 + i) * kernel;
      const sum = weight.sum(offset, offset + kernel);
      weight.scale(offset, offset + kernel, affine.s[input] as number);
      b[o] = (b[o] as number) + sum * (affine.t[input] as number);
    }
  }
  return { bias: b };
}

/** A per-channel operand of shape [C,1,…], [1,C,1,…] or a scalar, expanded to one value per channel. */
export function perChannel(values: Float64Array, channels: number): Float64Array {
  if (values.length === channels) return values;
  return new Float64Array(channels).fill(values[0] as number);
}

/**
 * Scales the feature axis of a Gemm/MatMul weight in one pass: B is [K, N] (or [N, K] when
 * transposed) and feature n is scaled by s[n].
 */
export function scaleFeatures(
  weight: WeightScaler,
  dims: readonly number[],
  s: Float64Array,
  transposed: boolean,
): void {
  const [rows, cols] = dims as [number, number];
  if (transposed) {
    for (let r = 0; r < rows; r++) weight.scale(r * cols, (r + 1) * cols, s[r] as number);
  } else {
    for (let c = 0; c < cols; c++) weight.scaleStrided(c, cols, rows, s[c] as number);
  }
}
