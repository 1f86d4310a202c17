import type { Outputs } from '../../src/cli/ort-runner.ts';
import { float16BitsToNumber } from '../../src/onnx/float16.ts';

export { type Feeds, type Outputs, randomFeeds, runModel } from '../../src/cli/ort-runner.ts';

/** True when two output sets have the same names, shapes and bit-identical data. */
export function bitIdentical(a: Outputs, b: Outputs): boolean {
  const names = Object.keys(a);
  if (names.length !== Object.keys(b).length) return false;
  return names.every((name) => {
    const x = a[name];
    const y = b[name];
    if (!x || !y || x.dims.join() !== y.dims.join()) return false;
    const xb = new Uint8Array(x.data.buffer, x.data.byteOffset, x.data.byteLength);
    const yb = new Uint8Array(y.data.buffer, y.data.byteOffset, y.data.byteLength);
    return xb.length === yb.length && xb.every((v, i) => v === yb[i]);
  });
}

/** Output values as float64 numbers (float16 outputs decoded from their bits). */
export function outputValues(output: Outputs[string], elemType: 'float16' | 'other' = 'other'): Float64Array {
  if (elemType === 'float16') return Float64Array.from(output.data as Uint16Array, float16BitsToNumber);
  return Float64Array.from(output.data as Float32Array);
}
