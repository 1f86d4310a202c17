/**
 * The arithmetic of folding, in float64. A per-channel affine map y = s·x + t (BatchNormalization
 * in inference mode, or a per-channel Mul/Add) is pushed into the weights of the node before or
 * after it.
 */

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
 * Calls `visit(offset, length, outChannel, inChannel)` for each run of kernel elements that
 * connects one input channel to one output channel.
 */
function forEachKernel(
  layout: ConvLayout,
  visit: (offset: number, length: number, out: number, input: number) => void,
): void {
  const [d0, d1] = layout.dims as [number, number];
  const kernel = product(layout.dims.slice(2));
  if (layout.transpose) {
    // [C_in, C_out/g, k...]: input channel ci is in group ci / (C_in/g); its row j feeds output g·(C_out/g) + j.
    const inPerGroup = d0 / layout.group;
    for (let ci = 0; ci < d0; ci++) {
      const g = Math.floor(ci / inPerGroup);
      for (let j = 0; j < d1; j++) visit((ci * d1 + j) * kernel, kernel, g * d1 + j, ci);
    }
  } else {
    // [C_out, C_in/g, k...]: output o is in group o / (C_out/g); its column i reads input g·(C_in/g) + i.
    const outPerGroup = d0 / layout.group;
    for (let o = 0; o < d0; o++) {
      const g = Math.floor(o / outPerGroup);
      for (let i = 0; i < d1; i++) visit((o * d1 + i) * kernel, kernel, o, g * d1 + i);
    }
  }
}

/**
 * Applies y = s·x + t after the conv: W' = W·s[out], b' = b·s + t. `weight` is scaled in place
 * (callers pass a fresh copy: weights can be hundreds of megabytes); the bias is a new array.
 */
export function foldAffineAfter(
  weight: Float64Array,
  bias: Float64Array | undefined,
  layout: ConvLayout,
  affine: ChannelAffine,
): { weight: Float64Array; bias: Float64Array } {
  const w = weight;
  forEachKernel(layout, (offset, length, out) => {
    const s = affine.s[out] as number;
    for (let k = offset; k < offset + length; k++) w[k] = (w[k] as number) * s;
  });
  const b = new Float64Array(affine.s.length);
  for (let c = 0; c < b.length; c++) b[c] = (bias?.[c] ?? 0) * (affine.s[c] as number) + (affine.t[c] as number);
  return { weight: w, bias: b };
}

/**
 * Applies x = s·u + t before the conv (per input channel, no padding): W' = W·s[in],
 * b'[o] = b[o] + Σ W[o, i, k]·t[in]. `weight` is scaled in place; the bias is a new array.
 */
export function foldAffineBefore(
  weight: Float64Array,
  bias: Float64Array | undefined,
  layout: ConvLayout,
  outChannels: number,
  affine: ChannelAffine,
): { weight: Float64Array; bias: Float64Array } {
  const w = weight;
  const b = new Float64Array(outChannels);
  for (let o = 0; o < outChannels; o++) b[o] = bias?.[o] ?? 0;
  forEachKernel(layout, (offset, length, out, input) => {
    const s = affine.s[input] as number;
    const t = affine.t[input] as number;
    let sum = 0;
    for (let k = offset; k < offset + length; k++) {
      sum += w[k] as number;
      w[k] = (w[k] as number) * s;
    }
    b[out] = (b[out] as number) + sum * t;
  });
  return { weight: w, bias: b };
}

/** A per-channel operand of shape [C,1,…], [1,C,1,…] or a scalar, expanded to one value per channel. */
export function perChannel(values: Float64Array, channels: number): Float64Array {
  if (values.length === channels) return values;
  return new Float64Array(channels).fill(values[0] as number);
}

/**
 * Scales the feature axis of a Gemm/MatMul weight: B is [K, N] (or [N, K] when transposed) and
 * feature n is scaled by s[n].
 */
export function scaleFeatures(
  weight: Float64Array,
  dims: readonly number[],
  s: Float64Array,
  transposed: boolean,
): Float64Array {
  const [rows, cols] = dims as [number, number];
  const w = Float64Array.from(weight);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const k = r * cols + c;
      w[k] = (w[k] as number) * (s[transposed ? r : c] as number);
    }
  }
  return w;
}
