import type { NodeProto } from '../onnx/types.ts';
import { onnxOp } from './attributes.ts';
import { describeCandidate, evaluate } from './candidate.ts';
import {
  type CheckContext,
  readBnParameters,
  readConvWeights,
  requireConvBnTypes,
  requireExclusive,
} from './checks.ts';
import type { PlanOrBlocked } from './plan.ts';

export const CONV_OPS: ReadonlySet<string> = new Set(['Conv', 'ConvTranspose']);

/** Conv or ConvTranspose → BatchNormalization: BN folds into the conv's weight and bias. */
export function findConvBn(ctx: CheckContext, bn: NodeProto): PlanOrBlocked | undefined {
  const input = bn.input?.[0];
  const producerIndex = input ? ctx.scope.index.producer.get(input) : undefined;
  const conv = producerIndex === undefined ? undefined : ctx.scope.index.nodes[producerIndex];
  if (!conv || !input || !CONV_OPS.has(onnxOp(conv))) return undefined;
  const output = bn.output?.[0] ?? '';
  const candidate = describeCandidate('conv-bn', ctx.scope, conv, bn, output);
  return evaluate(candidate, () => {
    requireExclusive(ctx, input, conv.name || onnxOp(conv), bn.name || 'the BatchNormalization');
    const weights = readConvWeights(ctx, conv);
    const params = readBnParameters(ctx, bn, weights.outChannels);
    requireConvBnTypes(ctx, weights, params);
    return { kind: 'conv-bn', candidate, scope: ctx.scope, follower: bn, conv: weights, bn: params };
  });
}
