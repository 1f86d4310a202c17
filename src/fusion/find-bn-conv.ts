import { tensorDims } from '../onnx/index.ts';
import type { NodeProto } from '../onnx/types.ts';
import { attrInts, attrString, onnxOp } from './attributes.ts';
import { describeCandidate, evaluate } from './candidate.ts';
import {
  block,
  type CheckContext,
  readBnParameters,
  readConvWeights,
  requireConvBnTypes,
  requireExclusive,
} from './checks.ts';
import type { PlanOrBlocked } from './plan.ts';

/**
 * BatchNormalization → Conv (a `Sequential(BN, Conv)`): BN's per-channel scale and shift fold
 * into the conv after it. Exact only without padding: the conv pads BN's output with zeros,
 * which after folding would be zeros of the BN input instead.
 */
export function findBnConv(ctx: CheckContext, bn: NodeProto): PlanOrBlocked | undefined {
  const output = bn.output?.[0];
  if (!output) return undefined;
  const readers = ctx.scope.index.consumers.get(output) ?? [];
  const convIndex = readers.find((i) => {
    const n = ctx.scope.index.nodes[i];
    return n !== undefined && onnxOp(n) === 'Conv' && n.input?.[0] === output;
  });
  if (convIndex === undefined) return undefined;
  const conv = ctx.scope.index.nodes[convIndex] as NodeProto;
  const candidate = describeCandidate('bn-conv', ctx.scope, conv, bn, conv.output?.[0] ?? '');
  return evaluate(candidate, () => {
    requireExclusive(ctx, output, bn.name || 'the BatchNormalization', conv.name || 'the Conv');
    const pads = attrInts(conv, 'pads') ?? [];
    const autoPad = attrString(conv, 'auto_pad') ?? 'NOTSET';
    if (pads.some((p) => p !== 0) || autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
      block(
        'PADDING',
        `${conv.name || 'The Conv'} pads its input, so folding the BatchNormalization before it would not be exact at the borders.`,
      );
    }
    const weights = readConvWeights(ctx, conv);
    const inChannels = (tensorDims(weights.weight.tensor)[1] as number) * weights.group;
    const params = readBnParameters(ctx, bn, inChannels);
    requireConvBnTypes(ctx, weights, params);
    return { kind: 'bn-conv', candidate, scope: ctx.scope, follower: bn, conv: weights, bn: params };
  });
}
