/**
 * A heat map of the absolute error of an image-like (4-D, NCHW) output: |actual − reference| per
 * pixel of one batch item, for one channel or summed over the channels. NaN/±Inf differences are
 * counted apart and drawn as the maximum, so they stand out rather than vanish.
 */

export type HeatChannel = number | 'sum';

export interface HeatMap {
  width: number;
  height: number;
  /** Row-major error per pixel (height × width). */
  values: Float32Array;
  /** The largest finite error (the top of the scale); 0 when all agree. */
  max: number;
  /** Pixels whose error is NaN or ±Inf. */
  nonFinite: number;
}

/** Whether an output has the shape a heat map is drawn for: 4-D with at least 2×2 pixels. */
export function isImageLike(dims: readonly number[]): boolean {
  return dims.length === 4 && (dims[2] ?? 0) >= 2 && (dims[3] ?? 0) >= 2;
}

export function heatMap(
  reference: ArrayLike<number>,
  actual: ArrayLike<number>,
  dims: readonly number[],
  options: { batch?: number; channel: HeatChannel },
): HeatMap {
  const [n = 1, c = 1, height = 1, width = 1] = dims;
  const batch = Math.min(Math.max(0, options.batch ?? 0), n - 1);
  const plane = height * width;
  const values = new Float32Array(plane);
  const channels = options.channel === 'sum' ? [...Array(c).keys()] : [Math.min(Math.max(0, options.channel), c - 1)];
  const bad = new Uint8Array(plane);
  for (const ch of channels) {
    const base = (batch * c + ch) * plane;
    for (let p = 0; p < plane; p++) {
      const d = Math.abs((actual[base + p] as number) - (reference[base + p] as number));
      if (Number.isFinite(d)) values[p] = (values[p] as number) + d;
      else bad[p] = 1;
    }
  }
  let max = 0;
  let nonFinite = 0;
  for (let p = 0; p < plane; p++) {
    if (bad[p]) nonFinite++;
    else if ((values[p] as number) > max) max = values[p] as number;
  }
  for (let p = 0; p < plane; p++) if (bad[p]) values[p] = max;
  return { width, height, values, max, nonFinite };
}
