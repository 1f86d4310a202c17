import { describe, expect, it } from 'vitest';
import { imageInputName, rgbaToNchw } from './image.ts';

describe('rgbaToNchw', () => {
  // 2×1 image: a red pixel, then a white one.
  const rgba = [255, 0, 0, 255, 255, 255, 255, 255];

  it('lays channels out as planes and scales to [0, 1]', () => {
    expect(Array.from(rgbaToNchw(rgba, 2, 1, 3, 'unit'))).toEqual([1, 1, 0, 1, 0, 1]);
  });

  it('applies the ImageNet mean and deviation', () => {
    const out = rgbaToNchw(rgba, 2, 1, 3, 'imagenet');
    expect(out[0]).toBeCloseTo((1 - 0.485) / 0.229, 5);
    expect(out[2]).toBeCloseTo((0 - 0.456) / 0.224, 5);
  });

  it('makes one luminance plane for one channel, in [-1, 1] when signed', () => {
    const out = rgbaToNchw(rgba, 2, 1, 1, 'signed');
    expect(out).toHaveLength(2);
    expect(out[0]).toBeCloseTo(0.299 * 2 - 1, 5);
    expect(out[1]).toBeCloseTo(1, 5);
  });
});

describe('imageInputName', () => {
  it('finds a float NCHW input with 1 or 3 channels', () => {
    expect(
      imageInputName([
        { name: 'ids', elemType: 7, dims: [1, 10] },
        { name: 'image', elemType: 1, dims: [1, 3, 'H', 'W'] },
      ]),
    ).toBe('image');
    expect(imageInputName([{ name: 'x', elemType: 1, dims: [1, 8, 4, 4] }])).toBeUndefined();
  });
});
