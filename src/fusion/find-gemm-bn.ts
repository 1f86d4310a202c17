import { tensorDims } from '../onnx/index.ts';
import type { NodeProto } from '../onnx/types.ts';
import { attrFloat, attrInt, onnxOp } from './attributes.ts';
import { describeCandidate, evaluate } from './candidate.ts';
import {
  block,
  type CheckContext,
  readBnParameters,
  requireConstant,
  requireExclusive,
  requireSameFloatType,
} from './checks.ts';
import type { ResolvedConstant } from './constants.ts';
import type { PlanOrBlocked } from './plan.ts';
import type { GraphScope } from './scope.ts';

/**
 * Gemm, or MatMul with a constant 2-D weight, → BatchNormalization over the output features.
 * BatchNormalization normalizes axis 1, which is the feature axis only for 2-D outputs: a MatMul
 * whose input rank cannot be shown to be 2 is blocked.
 */
export function findGemmBn(ctx: CheckContext, bn: NodeProto): PlanOrBlocked | undefined {
  const input = bn.input?.[0];
  const producerIndex = input ? ctx.scope.index.producer.get(input) : undefined;
  const node = producerIndex === undefined ? undefined : ctx.scope.index.nodes[producerIndex];
  const op = node ? onnxOp(node) : '';
  if (!node || !input || (op !== 'Gemm' && op !== 'MatMul')) return undefined;
  const kind = op === 'Gemm' ? 'gemm-bn' : 'matmul-bn';
  const candidate = describeCandidate(kind, ctx.scope, node, bn, bn.output?.[0] ?? '');
  return evaluate(candidate, () => {
    requireExclusive(ctx, input, node.name || op, bn.name || 'the BatchNormalization');
    const [a, b, c] = node.input ?? [];
    if (!a || !b) block('INVALID_NODE', `${node.name || op} is missing an input.`);
    const weight = requireConstant(ctx, b, `${op} weight`);
    const dims = tensorDims(weight.tensor);
    if (dims.length !== 2) block('SHAPE_MISMATCH', `The ${op} weight "${b}" has rank ${dims.length}, not 2.`);
    if (op === 'MatMul') {
      const rank = valueRank(ctx.scope, a);
      if (rank === undefined) {
        block(
          'UNKNOWN_RANK',
          `The rank of "${a}" is not recorded, so it is unknown whether BatchNormalization's axis 1 is the feature axis.`,
        );
      }
      if (rank !== 2) {
        block(
          'SHAPE_MISMATCH',
          `"${a}" has rank ${rank}: BatchNormalization normalizes axis 1, which is not MatMul's feature axis.`,
        );
      }
    }
    const transB = op === 'Gemm' && attrInt(node, 'transB', 0) === 1;
    const features = (transB ? dims[0] : dims[1]) as number;
    const params = readBnParameters(ctx, bn, features);
    let addend: ResolvedConstant | undefined;
    if (op === 'Gemm' && c) {
      addend = requireConstant(ctx, c, 'Gemm C');
      const cDims = tensorDims(addend.tensor);
      const last = cDims.at(-1) ?? 1;
      if (cDims.length > 2 || (last !== 1 && last !== features)) {
        block(
          'SHAPE_MISMATCH',
          `Gemm's C "${c}" has shape [${cDims.join(', ')}], which does not broadcast to [M, ${features}].`,
        );
      }
    }
    requireSameFloatType(ctx, [
      weight,
      ...(addend ? [addend] : []),
      params.scale,
      params.bias,
      params.mean,
      params.variance,
    ]);
    return {
      kind,
      candidate,
      scope: ctx.scope,
      follower: bn,
      node,
      weight,
      addend,
      alpha: op === 'Gemm' ? attrFloat(node, 'alpha', 1) : 1,
      beta: op === 'Gemm' ? attrFloat(node, 'beta', 1) : 1,
      transB,
      features,
      bn: params,
    };
  });
}

/** The rank recorded for a value (graph input, output or value_info), if any. */
function valueRank(scope: GraphScope, name: string): number | undefined {
  for (let at: GraphScope | undefined = scope; at; at = at.parent) {
    const info = at.index.inputs.get(name) ?? at.index.valueInfo.get(name) ?? at.index.outputs.get(name);
    const shape = info?.type?.tensorType?.shape;
    if (shape) return shape.dim?.length ?? 0;
    if (at.index.producer.has(name)) return undefined;
  }
  return undefined;
}
