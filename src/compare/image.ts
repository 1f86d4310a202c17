/** Turning a picture into a model input: RGBA pixels → NCHW floats, normalized. */

export type Normalization = 'imagenet' | 'unit' | 'signed';

const IMAGENET_MEAN = [0.485, 0.456, 0.406];
const IMAGENET_STD = [0.229, 0.224, 0.225];

/**
 * RGBA bytes (row-major, as a canvas gives them) to a [1, C, H, W] float32 tensor. C is 3 (RGB)
 * or 1 (luminance). 'imagenet' subtracts the ImageNet mean and divides by its deviation, 'unit'
 * scales to [0, 1], 'signed' to [-1, 1].
 */
export function rgbaToNchw(
  rgba: ArrayLike<number>,
  width: number,
  height: number,
  channels: 1 | 3,
  normalization: Normalization,
): Float32Array {
  const plane = width * height;
  const out = new Float32Array(channels * plane);
  for (let p = 0; p < plane; p++) {
    const r = (rgba[p * 4] as number) / 255;
    const g = (rgba[p * 4 + 1] as number) / 255;
    const b = (rgba[p * 4 + 2] as number) / 255;
    const values = channels === 3 ? [r, g, b] : [0.299 * r + 0.587 * g + 0.114 * b];
    values.forEach((v, c) => {
      out[c * plane + p] = normalize(v, c, normalization);
    });
  }
  return out;
}

function normalize(v: number, channel: number, normalization: Normalization): number {
  switch (normalization) {
    case 'imagenet':
      return (v - (IMAGENET_MEAN[channel] ?? 0.449)) / (IMAGENET_STD[channel] ?? 0.226);
    case 'signed':
      return v * 2 - 1;
    default:
      return v;
  }
}

/** The input an image can feed: float32 and [N, C, H, W] with C of 1 or 3 (or unknown). */
export function imageInputName(
  inputs: readonly { name: string; elemType?: number; dims?: (number | string)[] }[],
): string | undefined {
  return inputs.find(
    (i) =>
      i.elemType === 1 && i.dims?.length === 4 && (typeof i.dims[1] !== 'number' || i.dims[1] === 1 || i.dims[1] === 3),
  )?.name;
}
