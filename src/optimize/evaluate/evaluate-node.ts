import { onnxOp } from '../../fusion/attributes.ts';
import type { NodeProto } from '../../onnx/types.ts';
import { cast } from './cast.ts';
import {
  type ConstTensor,
  DEFAULT_MAX_BYTES,
  EvalRefusal,
  type EvaluateLimits,
  elementCount,
  MAX_RANK,
  type RefusalReason,
  refuse,
} from './const-tensor.ts';
import { INDEX_KERNELS } from './index-ops.ts';
import type { Kernel } from './kernel.ts';
import { MATH_KERNELS } from './math.ts';
import { reduceProd } from './reduce.ts';
import { SHAPE_KERNELS } from './shape-ops.ts';

export type EvaluateResult =
  | { ok: true; outputs: ConstTensor[] }
  | { ok: false; reason: RefusalReason; message: string };

const KERNELS: Readonly<Record<string, Kernel>> = {
  ...SHAPE_KERNELS,
  ...INDEX_KERNELS,
  ...MATH_KERNELS,
  Cast: cast,
  ReduceProd: reduceProd,
};

/** The op types {@link evaluateNode} computes (default ONNX domain). */
export const EVALUATED_OPS: ReadonlySet<string> = new Set(Object.keys(KERNELS));

/**
 * Computes a node of the default ONNX domain from constant inputs, with ONNX's semantics for
 * `opset` (the model's version of the default domain). Never throws: an op it does not know, an
 * input that is not constant, a result over `limits.maxBytes` (default 16 MB, checked before
 * anything is allocated) or an input the op rejects come back as a refusal with a reason.
 *
 * `inputs` are by position (undefined for an omitted or unknown input). Outputs may share their
 * data with an input (Reshape, Identity…): treat every ConstTensor as read-only.
 */
export function evaluateNode(
  node: NodeProto,
  inputs: readonly (ConstTensor | undefined)[],
  opset: number,
  limits: EvaluateLimits = {},
): EvaluateResult {
  const op = onnxOp(node);
  const kernel = Object.hasOwn(KERNELS, op) ? KERNELS[op] : undefined;
  if (!kernel) {
    const name = node.domain ? `${node.domain}.${node.opType ?? ''}` : (node.opType ?? '');
    return { ok: false, reason: 'UNSUPPORTED_OP', message: `${name} is not evaluated` };
  }
  try {
    inputs.forEach(checkConsistent);
    const outputs = kernel({ node, inputs, opset, maxBytes: limits.maxBytes ?? DEFAULT_MAX_BYTES });
    return { ok: true, outputs };
  } catch (error) {
    if (error instanceof EvalRefusal) return { ok: false, reason: error.reason, message: `${op}: ${error.message}` };
    // A RangeError from a typed array, or anything else: the node is left as it is.
    return {
      ok: false,
      reason: 'INVALID',
      message: `${op}: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

/** Inputs come from callers: dims that are not sizes, or data that disagrees with them, are refused. */
function checkConsistent(t: ConstTensor | undefined): void {
  if (!t) return;
  if (t.dims.length > MAX_RANK || t.dims.some((d) => !Number.isSafeInteger(d) || d < 0)) {
    refuse('INVALID', `input dims [${t.dims.join(', ')}] are not sizes`);
  }
  if (elementCount(t.dims) !== t.data.length) {
    refuse(
      'INVALID',
      `input holds ${t.data.length} values, its dims [${t.dims.join(', ')}] need ${elementCount(t.dims)}`,
    );
  }
}
