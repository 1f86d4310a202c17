import { describe, expect, it } from 'vitest';
import { heatMap, isImageLike } from './heatmap.ts';

describe('heatMap', () => {
  // N=1, C=2, H=2, W=3; the reference is all zeros, so the error is the actual value's size.
  const reference = new Float32Array(12);
  const actual = Float32Array.from([1, -2, 0, 0, 0, 3, /* channel 1 */ 0.5, 0, 0, 0, 0, -1]);

  it('one channel: |actual − reference| per pixel, row-major, with the largest as the scale', () => {
    const h = heatMap(reference, actual, [1, 2, 2, 3], { channel: 0 });
    expect([h.width, h.height]).toEqual([3, 2]);
    expect([...h.values]).toEqual([1, 2, 0, 0, 0, 3]);
    expect(h.max).toBe(3);
  });

  it('summed over channels', () => {
    const h = heatMap(reference, actual, [1, 2, 2, 3], { channel: 'sum' });
    expect([...h.values]).toEqual([1.5, 2, 0, 0, 0, 4]);
    expect(h.max).toBe(4);
  });

  it('draws NaN/Inf differences at the top of the scale and counts them', () => {
    const withNaN = Float32Array.from(actual);
    withNaN[2] = Number.NaN;
    const h = heatMap(reference, withNaN, [1, 2, 2, 3], { channel: 0 });
    expect(h.nonFinite).toBe(1);
    expect(h.values[2]).toBe(3);
  });

  it('the second batch item when asked', () => {
    const two = new Float32Array(24);
    two[12] = 7; // batch 1, channel 0, pixel 0
    expect(heatMap(new Float32Array(24), two, [2, 2, 2, 3], { batch: 1, channel: 0 }).values[0]).toBe(7);
  });

  it('is drawn for 4-D outputs with a picture to show', () => {
    expect(isImageLike([1, 3, 8, 8])).toBe(true);
    expect(isImageLike([1, 10])).toBe(false);
    expect(isImageLike([1, 10, 1, 1])).toBe(false);
  });
});
