import { OnnxError } from './errors.ts';
import type { Int64, TensorProto } from './types.ts';

/** Largest element count the core accepts for one tensor: past this, no buffer could hold it. */
export const MAX_TENSOR_ELEMENTS = 2 ** 40;

/**
 * The dims of a tensor as numbers, checked: no negative dim, and a product that is a safe integer.
 * @throws OnnxError INVALID_DIMS or TENSOR_TOO_LARGE
 */
export function tensorDims(tensor: Pick<TensorProto, 'dims' | 'name'>): number[] {
  const dims: number[] = [];
  for (const d of tensor.dims ?? []) dims.push(dimToNumber(d, tensor.name ?? ''));
  return dims;
}

/** Number of elements a tensor's dims describe (1 for a scalar). */
export function tensorElementCount(tensor: Pick<TensorProto, 'dims' | 'name'>): number {
  let count = 1;
  for (const d of tensorDims(tensor)) {
    count *= d;
    if (count > MAX_TENSOR_ELEMENTS) {
      throw new OnnxError(
        'TENSOR_TOO_LARGE',
        `Tensor "${tensor.name ?? ''}" has dims whose product exceeds ${MAX_TENSOR_ELEMENTS} elements.`,
      );
    }
  }
  return count;
}

function dimToNumber(d: Int64, name: string): number {
  const value = typeof d === 'number' ? d : d.toNumber();
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new OnnxError(
      'INVALID_DIMS',
      `Tensor "${name}" has an invalid dimension ${d.toString()}: dims must be non-negative integers.`,
    );
  }
  return value;
}
