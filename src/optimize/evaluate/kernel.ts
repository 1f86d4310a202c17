import { dataTypeName } from '../../onnx/dtype.ts';
import type { NodeProto } from '../../onnx/types.ts';
import { type ConstTensor, refuse } from './const-tensor.ts';

/** What a kernel is given: the node (for its attributes), its inputs, the opset and the size cap. */
export interface KernelContext {
  node: NodeProto;
  /** By position; undefined where the input is omitted ("") or not constant. */
  inputs: readonly (ConstTensor | undefined)[];
  /** The version of the default ONNX domain the model imports: attribute and input forms differ by it. */
  opset: number;
  maxBytes: number;
}

/** A kernel computes a node's outputs or throws an EvalRefusal; it never allocates past `maxBytes`. */
export type Kernel = (ctx: KernelContext) => ConstTensor[];

/** Input `i`, which the op requires: refused as NOT_CONSTANT when the node names it but it is not known. */
export function required(ctx: KernelContext, i: number): ConstTensor {
  const t = ctx.inputs[i];
  if (t) return t;
  const named = ctx.node.input?.[i];
  return refuse(
    named ? 'NOT_CONSTANT' : 'INVALID',
    named ? `input "${named}" is not constant` : `input ${i} is missing`,
  );
}

/** Optional input `i`: undefined when omitted; refused as NOT_CONSTANT when named but unknown. */
export function optional(ctx: KernelContext, i: number): ConstTensor | undefined {
  const named = ctx.node.input?.[i];
  if (!named) return undefined;
  return required(ctx, i);
}

export function sameType(tensors: readonly ConstTensor[], op: string): number {
  const first = tensors[0]?.dataType ?? 0;
  for (const t of tensors) {
    if (t.dataType !== first) {
      refuse('INVALID', `${op} inputs differ in type (${dataTypeName(first)} and ${dataTypeName(t.dataType)})`);
    }
  }
  return first;
}
