import {
  checkFloatTensorSize,
  dataTypeName,
  FLOAT_TYPES,
  isExternal,
  isOnnxError,
  readExternalBytes,
  tensorDims,
} from '../onnx/index.ts';
import type { NodeProto } from '../onnx/types.ts';
import { attrFloat, attrInt, hasAttribute, onnxOp } from './attributes.ts';
import { type ConstantOptions, type ResolvedConstant, resolveConstant } from './constants.ts';
import type { BnParameters, ConvWeights } from './plan.ts';
import { type GraphScope, readCount } from './scope.ts';
import type { BlockReason } from './types.ts';

/** Thrown by the checks below to stop at the first reason a candidate cannot be fused. */
export class BlockedError extends Error {
  constructor(
    readonly reason: BlockReason,
    message: string,
  ) {
    super(message);
  }
}

export interface CheckContext {
  scope: GraphScope;
  constants: ConstantOptions;
}

export function block(reason: BlockReason, message: string): never {
  throw new BlockedError(reason, message);
}

/** The constant behind input `name`, or a block saying why it is not one. `role` names it for the user. */
export function requireConstant(ctx: CheckContext, name: string, role: string): ResolvedConstant {
  const lookup = resolveConstant(ctx.scope, name, ctx.constants);
  if (lookup.ok) return lookup.constant;
  switch (lookup.why) {
    case 'overridable':
      return block(
        'OVERRIDABLE_INITIALIZER',
        `The ${role} "${name}" is an initializer that is also a graph input, so a caller may replace it at run time. Treat such inputs as constants to fuse.`,
      );
    case 'external-missing':
      return block('EXTERNAL_DATA_MISSING', `The ${role} "${name}" is stored in a side file that was not supplied.`);
    default:
      return block('NOT_CONSTANT', `The ${role} "${name}" is computed at run time, not stored in the model.`);
  }
}

/** The value `name` must be read only by `reader`: otherwise folding would change what others see. */
export function requireExclusive(ctx: CheckContext, name: string, producer: string, reader: string): void {
  const { index } = ctx.scope;
  if (index.outputs.has(name)) {
    block('OUTPUT_SHARED', `The output "${name}" of ${producer} is also a graph output, which fusing would change.`);
  }
  if (readCount(ctx.scope, name) > 1) {
    block('OUTPUT_SHARED', `The output "${name}" of ${producer} is also read by nodes other than ${reader}.`);
  }
}

/** All constants must share one float type (float32, float16, bfloat16 or float64) and be readable. */
export function requireSameFloatType(ctx: CheckContext, constants: readonly ResolvedConstant[]): number {
  const first = constants[0]?.tensor.dataType ?? 0;
  for (const c of constants) {
    const type = c.tensor.dataType ?? 0;
    if (!FLOAT_TYPES.has(type)) {
      block(
        'DTYPE',
        `"${c.tensor.name ?? ''}" is ${dataTypeName(type)}; only float32, float16, bfloat16 and float64 weights can be folded.`,
      );
    }
    if (type !== first) {
      block(
        'DTYPE',
        `The weights mix ${dataTypeName(first)} and ${dataTypeName(type)} ("${c.tensor.name ?? ''}"); folding needs one type.`,
      );
    }
    requireReadable(ctx, c);
  }
  return first;
}

/** The constant's stored data fits its dims, so folding can read it (a damaged file may hold more or less). */
function requireReadable(ctx: CheckContext, c: ResolvedConstant): void {
  try {
    const sideFiles = ctx.constants.sideFiles;
    checkFloatTensorSize(
      c.tensor,
      isExternal(c.tensor) && sideFiles ? readExternalBytes(c.tensor, sideFiles) : undefined,
    );
  } catch (error) {
    if (!isOnnxError(error)) throw error;
    block('DAMAGED_WEIGHTS', `${error.message} The weights are damaged, so this pair cannot be folded.`);
  }
}

function dims(c: ResolvedConstant): number[] {
  try {
    return tensorDims(c.tensor);
  } catch {
    return block('SHAPE_MISMATCH', `"${c.tensor.name ?? ''}" has invalid dims.`);
  }
}

export function requireVector(c: ResolvedConstant, length: number, role: string): void {
  const d = dims(c);
  if (d.length !== 1 || d[0] !== length) {
    block(
      'SHAPE_MISMATCH',
      `The ${role} "${c.tensor.name ?? ''}" has shape [${d.join(', ')}], not [${length}] (one value per channel).`,
    );
  }
}

/** Reads BatchNormalization's parameters, blocking on training mode, extra outputs and old per-activation mode. */
export function readBnParameters(ctx: CheckContext, bn: NodeProto, channels: number): BnParameters {
  const name = bn.name || 'BatchNormalization';
  if (attrInt(bn, 'training_mode', 0) !== 0) {
    block(
      'TRAINING_MODE',
      `${name} is in training mode (training_mode=1): it normalizes with batch statistics, not stored ones.`,
    );
  }
  if (hasAttribute(bn, 'is_test') && attrInt(bn, 'is_test', 0) === 0) {
    block(
      'TRAINING_MODE',
      `${name} is in training mode (is_test=0): it normalizes with batch statistics, not stored ones.`,
    );
  }
  if (attrInt(bn, 'spatial', 1) === 0) {
    block(
      'SPATIAL_MODE',
      `${name} has spatial=0: it normalizes every position separately, which a per-channel fold cannot express.`,
    );
  }
  const extra = (bn.output ?? []).slice(1).filter((o) => o !== '');
  if (extra.length > 0) {
    block('EXTRA_OUTPUTS', `${name} also outputs its running statistics (${extra.join(', ')}), which would be lost.`);
  }
  const inputs = bn.input ?? [];
  if (inputs.length < 5 || inputs.slice(1, 5).some((i) => !i)) {
    block('INVALID_NODE', `${name} does not have its four parameter inputs.`);
  }
  const [scale, bias, mean, variance] = (['scale', 'bias', 'mean', 'variance'] as const).map((role, k) => {
    const c = requireConstant(ctx, inputs[k + 1] as string, `BatchNormalization ${role}`);
    requireVector(c, channels, `BatchNormalization ${role}`);
    return c;
  }) as [ResolvedConstant, ResolvedConstant, ResolvedConstant, ResolvedConstant];
  return { scale, bias, mean, variance, epsilon: attrFloat(bn, 'epsilon', 1e-5) };
}

/** Reads a Conv's or ConvTranspose's constant weight and optional bias and checks their shapes. */
export function readConvWeights(ctx: CheckContext, conv: NodeProto): ConvWeights {
  const op = onnxOp(conv);
  const name = conv.name || op;
  const transpose = op === 'ConvTranspose';
  const [, weightName, biasName] = conv.input ?? [];
  if (!weightName) block('INVALID_NODE', `${name} has no weight input.`);
  const weight = requireConstant(ctx, weightName, `${op} weight`);
  const weightDims = dims(weight);
  if (weightDims.length < 3 || weightDims.length > 5) {
    block(
      'SHAPE_MISMATCH',
      `The ${op} weight "${weightName}" has rank ${weightDims.length}; 1-D, 2-D and 3-D convolutions (rank 3 to 5) can be folded.`,
    );
  }
  const group = attrInt(conv, 'group', 1);
  const [d0, d1] = weightDims as [number, number];
  if (group < 1 || (transpose ? d0 % group !== 0 : d0 % group !== 0)) {
    block('INVALID_NODE', `${name} has group=${group}, which does not divide its channels.`);
  }
  const outChannels = transpose ? d1 * group : d0;
  const bias = biasName ? requireConstant(ctx, biasName, `${op} bias`) : undefined;
  if (bias) requireVector(bias, outChannels, `${op} bias`);
  return { node: conv, transpose, group, weight, bias, outChannels };
}

/** The weights a conv and a BatchNormalization fold together: they must share one float type. */
export function requireConvBnTypes(ctx: CheckContext, weights: ConvWeights, params: BnParameters): void {
  requireSameFloatType(ctx, [
    weights.weight,
    ...(weights.bias ? [weights.bias] : []),
    params.scale,
    params.bias,
    params.mean,
    params.variance,
  ]);
}
