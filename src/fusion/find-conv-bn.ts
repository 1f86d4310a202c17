import type { NodeProto } from '../onnx/types.ts';
import { onnxOp } from './attributes.ts';
import { describeCandidate, evaluate } from './candidate.ts';
import {
  BlockedError,
  type CheckContext,
  readBnParameters,
  readConvWeights,
  requireConvBnTypes,
  requireExclusive,
} from './checks.ts';
import { resolveConstant } from './constants.ts';
import type { PlanOrBlocked } from './plan.ts';
import { readCount } from './scope.ts';

export const CONV_OPS: ReadonlySet<string> = new Set(['Conv', 'ConvTranspose']);

/** Conv or ConvTranspose → BatchNormalization: BN folds into the conv's weight and bias. */
export function findConvBn(ctx: CheckContext, bn: NodeProto): PlanOrBlocked | undefined {
  const input = bn.input?.[0];
  const producerIndex = input ? ctx.scope.index.producer.get(input) : undefined;
  const conv = producerIndex === undefined ? undefined : ctx.scope.index.nodes[producerIndex];
  if (!conv || !input) return undefined;
  if (!CONV_OPS.has(onnxOp(conv))) return blockedBehindAffine(ctx, bn);
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

/** How many Mul/Add steps back from a BN to look for the conv they will fold into. */
const MAX_AFFINE_STEPS = 8;

/**
 * A BN behind per-channel Mul/Add steps that fold into the conv first (Conv → Add → BN) is no
 * candidate yet: once they fold, it is an ordinary Conv → BN pair. When the BN itself can never
 * fold (training mode, statistics outputs, parameters computed at run time…), it is reported as
 * blocked now, so that folding the Mul/Add never makes a blocked pair appear. A BN that will be
 * fusible stays unlisted until then.
 */
function blockedBehindAffine(ctx: CheckContext, bn: NodeProto): PlanOrBlocked | undefined {
  const { index } = ctx.scope;
  let value = bn.input?.[0] ?? '';
  for (let step = 0; step < MAX_AFFINE_STEPS; step++) {
    const at = index.producer.get(value);
    const node = at === undefined ? undefined : index.nodes[at];
    if (!node) return undefined;
    const op = onnxOp(node);
    if (CONV_OPS.has(op)) return blockedPair(ctx, node, bn);
    if ((op !== 'Mul' && op !== 'Add') || readCount(ctx.scope, value) !== 1) return undefined;
    // The step folds only with a constant on one side; the other side leads back to the conv.
    const inputs = node.input ?? [];
    if (inputs.length !== 2) return undefined;
    const side = inputs.findIndex(
      (input, k) => input !== '' && resolveConstant(ctx.scope, inputs[1 - k] as string, ctx.constants).ok,
    );
    if (side < 0) return undefined;
    value = inputs[side] as string;
  }
  return undefined;
}

function blockedPair(ctx: CheckContext, conv: NodeProto, bn: NodeProto): PlanOrBlocked | undefined {
  const candidate = describeCandidate('conv-bn', ctx.scope, conv, bn, bn.output?.[0] ?? '');
  try {
    readBnParameters(ctx, bn, readConvWeights(ctx, conv).outChannels);
    return undefined;
  } catch (error) {
    if (!(error instanceof BlockedError)) throw error;
    return evaluate(candidate, () => {
      throw error;
    });
  }
}
