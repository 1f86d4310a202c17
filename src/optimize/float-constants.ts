import type { GraphScope } from '../fusion/scope.ts';
import { FLOAT_TYPES, isExternal, isOnnxError, readExternalBytes, readFloatValues, tensorDims } from '../onnx/index.ts';
import type { TensorProto } from '../onnx/types.ts';
import type { OptimizeBlockReason, PassContext } from './types.ts';
import { lookupConstant } from './values.ts';

/** A float constant read for rewriting, or why it cannot be. */
export type FloatConstant =
  | { ok: true; tensor: TensorProto; dims: number[]; values: Float64Array }
  | { ok: false; reason: OptimizeBlockReason; message: string };

/** The float constant behind `name` (initializer or Constant, through Identity), read as float64. */
export function readFloatConstant(ctx: PassContext, scope: GraphScope, name: string, role: string): FloatConstant {
  const lookup = lookupConstant(ctx, scope, name);
  if (!lookup.ok) {
    if (lookup.why === 'overridable')
      return {
        ok: false,
        reason: 'OVERRIDABLE_INITIALIZER',
        message: `The ${role} "${name}" is an initializer that is also a graph input, so a caller may replace it.`,
      };
    if (lookup.why === 'external-missing')
      return {
        ok: false,
        reason: 'EXTERNAL_DATA_MISSING',
        message: `The ${role} "${name}" is stored in a side file that was not supplied.`,
      };
    return { ok: false, reason: 'NOT_CONSTANT', message: `The ${role} "${name}" is computed at run time.` };
  }
  const tensor = lookup.constant.tensor;
  if (!FLOAT_TYPES.has(tensor.dataType ?? 0)) {
    return { ok: false, reason: 'DTYPE', message: `The ${role} "${name}" is not a float tensor.` };
  }
  try {
    const values = readFloatValues(tensor, isExternal(tensor) ? readExternalBytes(tensor, ctx.sideFiles) : undefined);
    return { ok: true, tensor, dims: tensorDims(tensor), values };
  } catch (error) {
    if (!isOnnxError(error)) throw error;
    return { ok: false, reason: 'DAMAGED_WEIGHTS', message: `${error.message}` };
  }
}

/** True for the shapes that hold one value per column of an [M, N] result: [], [1], [N], [1, N]. */
export function perColumn(dims: readonly number[], n: number): boolean {
  if (dims.length > 2) return false;
  const padded = [...Array<number>(2 - dims.length).fill(1), ...dims];
  return padded[0] === 1 && (padded[1] === 1 || padded[1] === n);
}

/** A per-column constant spread to N values. */
export function columnValues(values: Float64Array, n: number): Float64Array {
  return values.length === n ? values : new Float64Array(n).fill(values[0] ?? 0);
}
