import { tensorDims } from '../onnx/index.ts';
import type { NodeProto } from '../onnx/types.ts';
import { onnxOp } from './attributes.ts';
import { describeCandidate, evaluate } from './candidate.ts';
import { block, type CheckContext, readConvWeights, requireSameFloatType } from './checks.ts';
import { resolveConstant } from './constants.ts';
import { CONV_OPS } from './find-conv-bn.ts';
import type { PlanOrBlocked } from './plan.ts';
import { readCount } from './scope.ts';

/**
 * Conv or ConvTranspose → Mul or Add with a constant that is the same for every position of a
 * channel: shape [C,1,…], [1,C,1,…], or a single value. The constant folds into the weight
 * (Mul) or the bias (Add).
 *
 * Two kinds of Mul or Add are not candidates at all, rather than blocked ones, because they were
 * never an affine step after the conv but part of another computation:
 * - one whose other operand is computed at run time (a residual connection, say);
 * - one that is not the only reader of the conv output (another node, a subgraph or the graph's
 *   outputs read it too). Folding rewrites the conv, so it is only a fold when the Mul or Add is
 *   all that sees the conv output; otherwise it is one branch of an expression over that output,
 *   such as hardswish's `x + 3` in x·relu6(x + 3)/6. Reporting those as blocked would be noise that
 *   grows as BNs fold away and leave convs feeding hardswish directly. (A BatchNormalization is
 *   always a fold target, so a shared conv output before one stays a blocked candidate.)
 */
export function findConvAffine(ctx: CheckContext, node: NodeProto): PlanOrBlocked | undefined {
  const op = onnxOp(node);
  if (op !== 'Mul' && op !== 'Add') return undefined;
  const inputs = node.input ?? [];
  if (inputs.length !== 2) return undefined;
  const { index } = ctx.scope;
  const side = inputs.findIndex((name) => {
    const producer = index.producer.get(name);
    const p = producer === undefined ? undefined : index.nodes[producer];
    return p !== undefined && CONV_OPS.has(onnxOp(p));
  });
  if (side < 0) return undefined;
  const convOutput = inputs[side] as string;
  if (readCount(ctx.scope, convOutput) !== 1) return undefined;
  const operandName = inputs[1 - side] as string;
  const lookup = resolveConstant(ctx.scope, operandName, ctx.constants);
  if (!lookup.ok && lookup.why === 'runtime') return undefined;
  const conv = index.nodes[index.producer.get(convOutput) as number] as NodeProto;
  const kind = op === 'Mul' ? 'conv-mul' : 'conv-add';
  const candidate = describeCandidate(kind, ctx.scope, conv, node, node.output?.[0] ?? '');
  return evaluate(candidate, () => {
    const weights = readConvWeights(ctx, conv);
    if (!lookup.ok) {
      return block(
        lookup.why === 'overridable' ? 'OVERRIDABLE_INITIALIZER' : 'EXTERNAL_DATA_MISSING',
        lookup.why === 'overridable'
          ? `The ${op} operand "${operandName}" is an initializer that is also a graph input, so a caller may replace it at run time.`
          : `The ${op} operand "${operandName}" is stored in a side file that was not supplied.`,
      );
    }
    const operand = lookup.constant;
    const outputRank = (tensorDims(weights.weight.tensor).length as number) || 4;
    requirePerChannel(tensorDims(operand.tensor), outputRank, weights.outChannels, operandName, op);
    requireSameFloatType(ctx, [weights.weight, ...(weights.bias ? [weights.bias] : []), operand]);
    return { kind, candidate, scope: ctx.scope, follower: node, conv: weights, operand };
  });
}

/**
 * Right-aligned against the conv output [N, C, spatial…], the operand may vary only along C:
 * [C,1,1], [1,C,1,1], [1] or a scalar. [C] alone would align with the last spatial axis.
 */
function requirePerChannel(dims: number[], outputRank: number, channels: number, name: string, op: string): void {
  const padded = [...Array<number>(Math.max(0, outputRank - dims.length)).fill(1), ...dims];
  const perChannel =
    dims.length <= outputRank &&
    padded[0] === 1 &&
    (padded[1] === 1 || padded[1] === channels) &&
    padded.slice(2).every((d) => d === 1);
  if (!perChannel) {
    block(
      'BROADCAST',
      `The ${op} operand "${name}" has shape [${dims.join(', ')}]; against the conv output it is not one value per channel (expected [${channels}, 1, …], [1, ${channels}, 1, …] or a single value).`,
    );
  }
}
