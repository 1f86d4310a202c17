import { refuse, stridesOf } from './const-tensor.ts';

/**
 * The shape numpy-style (multidirectional) broadcasting gives `shapes`: aligned on the right,
 * each axis equal or 1 (ONNX "Broadcasting in ONNX"). Refuses incompatible shapes.
 */
export function broadcastShapes(shapes: readonly (readonly number[])[]): number[] {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out = new Array<number>(rank).fill(1);
  for (const shape of shapes) {
    const offset = rank - shape.length;
    shape.forEach((d, i) => {
      const current = out[offset + i] as number;
      if (d === current || d === 1) return;
      if (current === 1) out[offset + i] = d;
      else refuse('INVALID', `shapes [${shapes.map((s) => s.join(',')).join('] [')}] do not broadcast`);
    });
  }
  return out;
}

/**
 * For each element of a tensor of `outDims`, the index of the element of a tensor of `inDims`
 * (broadcast to `outDims`) it reads; undefined when the shapes are the same (index = index).
 */
export function broadcastOffsets(outDims: readonly number[], inDims: readonly number[]): Int32Array | undefined {
  const rank = outDims.length;
  if (inDims.length === rank && inDims.every((d, i) => d === outDims[i])) return undefined;
  let count = 1;
  for (const d of outDims) count *= d;
  const offsets = new Int32Array(count);
  if (count === 0) return offsets;
  const inStrides = stridesOf(inDims);
  // Per output axis: the input stride, 0 where the input is broadcast along it.
  const strides = outDims.map((_, axis) => {
    const inAxis = axis - (rank - inDims.length);
    return inAxis < 0 || inDims[inAxis] === 1 ? 0 : (inStrides[inAxis] as number);
  });
  const counter = new Array<number>(rank).fill(0);
  let offset = 0;
  for (let i = 0; i < count; i++) {
    offsets[i] = offset;
    // Advance the odometer from the last axis.
    for (let axis = rank - 1; axis >= 0; axis--) {
      const c = (counter[axis] as number) + 1;
      if (c < (outDims[axis] as number)) {
        counter[axis] = c;
        offset += strides[axis] as number;
        break;
      }
      counter[axis] = 0;
      offset -= (strides[axis] as number) * (c - 1);
    }
  }
  return offsets;
}
