import { type Allocate, Long, type Rescaler } from '../onnx/index.ts';
import type { AttributeProto, NodeProto, TensorProto } from '../onnx/types.ts';
import type { ResolvedConstant } from './constants.ts';
import { bnAffine, type ChannelAffine, foldAffineAfter, foldAffineBefore, perChannel, scaleFeatures } from './fold.ts';
import type { UniqueNames } from './names.ts';
import type { BnParameters, ConvWeights, FusionPlan } from './plan.ts';
import { addInitializer, type Leftovers, leftoversOf, replaceInitializer } from './rewrite.ts';
import { type GraphScope, readCount } from './scope.ts';
import {
  constantDims,
  constantRescaler,
  constantValues,
  type MutableSideFiles,
  storedLike,
  tensorLike,
} from './tensors.ts';

export interface ApplyContext {
  names: UniqueNames;
  sideFiles: MutableSideFiles;
  /** Weights that only the folded node reads may be rewritten in place (FusionOptions.overwriteInput). */
  overwriteInput: boolean;
  /** Where new weight bytes go (FusionOptions.allocate). */
  allocate: Allocate | undefined;
  /** IR < 4: new main-graph initializers are listed as graph inputs too. */
  initializersAsInputs: boolean;
  /** The default-domain opset: Gemm before opset 7 needs broadcast=1 to broadcast C. */
  opset: number;
}

export interface PlanEffect {
  /** Nodes to take out of the graph (the folded node). */
  remove: NodeProto[];
  /** Values that no longer exist (their value_info goes). */
  goneValues: string[];
  addedInitializers: string[];
  leftovers: Leftovers;
}

/** Changes the graph for one fusion. The plan's nodes belong to the working copy, so they are changed in place. */
export function applyPlan(plan: FusionPlan, ctx: ApplyContext): PlanEffect {
  switch (plan.kind) {
    case 'conv-bn':
      return foldIntoConv(plan, plan.conv, affineOf(plan.bn, ctx), ctx, [
        plan.bn.scale,
        plan.bn.bias,
        plan.bn.mean,
        plan.bn.variance,
      ]);
    case 'conv-mul': {
      const m = perChannel(constantValues(plan.operand, ctx.sideFiles), plan.conv.outChannels);
      return foldIntoConv(plan, plan.conv, { s: m, t: new Float64Array(m.length) }, ctx, [plan.operand]);
    }
    case 'conv-add': {
      const a = perChannel(constantValues(plan.operand, ctx.sideFiles), plan.conv.outChannels);
      return foldIntoConv(plan, plan.conv, { s: new Float64Array(a.length).fill(1), t: a }, ctx, [plan.operand]);
    }
    case 'bn-conv':
      return foldBnIntoNextConv(plan, ctx);
    case 'gemm-bn':
    case 'matmul-bn':
      return foldIntoGemm(plan, ctx);
  }
}

function affineOf(bn: BnParameters, ctx: ApplyContext): ChannelAffine {
  const read = (c: ResolvedConstant) => constantValues(c, ctx.sideFiles);
  return bnAffine(read(bn.scale), read(bn.bias), read(bn.mean), read(bn.variance), bn.epsilon);
}

/** The conv computes y = s·conv(x) + t and takes over the follower's output. */
function foldIntoConv(
  plan: FusionPlan,
  conv: ConvWeights,
  affine: ChannelAffine,
  ctx: ApplyContext,
  folded: ResolvedConstant[],
): PlanEffect {
  const dims = constantDims(conv.weight);
  const bias = conv.bias ? constantValues(conv.bias, ctx.sideFiles) : undefined;
  const weight = weightRescaler(plan, conv.weight, ctx);
  const result = foldAffineAfter(weight, bias, { dims, group: conv.group, transpose: conv.transpose }, affine);
  const inputs = [...(conv.node.input ?? [])];
  const added = [newInitializer(plan, conv.weight, weightBase(conv), dims, weight, ctx, conv.weight)];
  // A conv without bias needs one only when the fold adds a shift.
  if (conv.bias || result.bias.some((v) => v !== 0)) {
    added.push(
      newInitializer(plan, conv.bias ?? conv.weight, biasBase(conv), [conv.outChannels], result.bias, ctx, conv.bias),
    );
  }
  inputs.splice(1, 2, ...added);
  const oldOutput = conv.node.output?.[0] ?? '';
  conv.node.input = inputs.slice(0, 3);
  conv.node.output = [plan.follower.output?.[0] ?? ''];
  return {
    remove: [plan.follower],
    goneValues: [oldOutput],
    addedInitializers: added,
    leftovers: leftoversOf([conv.weight, conv.bias, ...folded]),
  };
}

/** BN before the conv: the conv reads BN's input directly, with BN folded into its weights. */
function foldBnIntoNextConv(plan: Extract<FusionPlan, { kind: 'bn-conv' }>, ctx: ApplyContext): PlanEffect {
  const { conv, bn } = plan;
  const dims = constantDims(conv.weight);
  const bias = conv.bias ? constantValues(conv.bias, ctx.sideFiles) : undefined;
  const scaled = weightRescaler(plan, conv.weight, ctx);
  const result = foldAffineBefore(
    scaled,
    bias,
    { dims, group: conv.group, transpose: false },
    conv.outChannels,
    affineOf(bn, ctx),
  );
  const weight = newInitializer(plan, conv.weight, weightBase(conv), dims, scaled, ctx, conv.weight);
  const newBias = newInitializer(
    plan,
    conv.bias ?? conv.weight,
    biasBase(conv),
    [conv.outChannels],
    result.bias,
    ctx,
    conv.bias,
  );
  const bnOutput = plan.follower.output?.[0] ?? '';
  conv.node.input = [plan.follower.input?.[0] ?? '', weight, newBias];
  return {
    remove: [plan.follower],
    goneValues: [bnOutput],
    addedInitializers: [weight, newBias],
    leftovers: leftoversOf([conv.weight, conv.bias, bn.scale, bn.bias, bn.mean, bn.variance]),
  };
}

/**
 * Gemm (or MatMul) then BN: Y' = s·(α·A·B + β·C) + t = α·A·(B·s) + (s·β·C + t). The node becomes a
 * Gemm with the scaled weight, C' = s·β·C + t and β = 1.
 */
function foldIntoGemm(plan: Extract<FusionPlan, { kind: 'gemm-bn' | 'matmul-bn' }>, ctx: ApplyContext): PlanEffect {
  const { s, t } = affineOf(plan.bn, ctx);
  const weightDims = constantDims(plan.weight);
  const weight = weightRescaler(plan, plan.weight, ctx);
  scaleFeatures(weight, weightDims, s, plan.transB);
  const { values: addend, dims: addendDims } = foldAddend(plan, s, t, ctx);
  const weightName = newInitializer(
    plan,
    plan.weight,
    plan.weight.tensor.name ?? 'weight',
    weightDims,
    weight,
    ctx,
    plan.weight,
  );
  const addendName = newInitializer(
    plan,
    plan.addend ?? plan.weight,
    `${plan.node.name || 'gemm'}.bias`,
    addendDims,
    addend,
    ctx,
  );
  const oldOutput = plan.node.output?.[0] ?? '';
  const attributes: AttributeProto[] = [
    ...(plan.kind === 'gemm-bn'
      ? (plan.node.attribute ?? []).filter((a) => a.name !== 'beta' && a.name !== 'broadcast')
      : []),
    { name: 'beta', type: 1, f: 1 },
    ...(ctx.opset < 7 ? [{ name: 'broadcast', type: 2, i: Long.fromNumber(1) }] : []),
  ];
  plan.node.opType = 'Gemm';
  plan.node.input = [plan.node.input?.[0] ?? '', weightName, addendName];
  plan.node.output = [plan.follower.output?.[0] ?? ''];
  plan.node.attribute = attributes;
  return {
    remove: [plan.follower],
    goneValues: [oldOutput],
    addedInitializers: [weightName, addendName],
    leftovers: leftoversOf([plan.weight, plan.addend, plan.bn.scale, plan.bn.bias, plan.bn.mean, plan.bn.variance]),
  };
}

/** C' = s·β·C + t, broadcast over the features; [N] when there was no C or C was a vector. */
function foldAddend(
  plan: Extract<FusionPlan, { kind: 'gemm-bn' | 'matmul-bn' }>,
  s: Float64Array,
  t: Float64Array,
  ctx: ApplyContext,
): { values: Float64Array; dims: number[] } {
  const n = plan.features;
  if (!plan.addend) return { values: Float64Array.from(t), dims: [n] };
  const c = constantValues(plan.addend, ctx.sideFiles);
  const cDims = constantDims(plan.addend);
  const rows = cDims.length === 2 ? (cDims[0] as number) : 1;
  const cols = cDims.at(-1) ?? 1;
  const out = new Float64Array(rows * n);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < n; j++) {
      const value = c[r * cols + (cols === 1 ? 0 : j)] as number;
      out[r * n + j] = (s[j] as number) * plan.beta * value + (t[j] as number);
    }
  }
  return { values: out, dims: cDims.length === 2 ? [rows, n] : [n] };
}

/**
 * The weight to fold, read where it is stored; rewritten there too when the caller gave up the
 * input model and nothing but this node reads the weight (it goes once the node reads the new one).
 */
function weightRescaler(plan: FusionPlan, weight: ResolvedConstant, ctx: ApplyContext): Rescaler {
  const inPlace = ctx.overwriteInput && isPrivateInitializer(plan.scope, weight);
  return constantRescaler(weight, ctx.sideFiles, inPlace, ctx.allocate);
}

function weightBase(conv: ConvWeights): string {
  return conv.weight.tensor.name || `${conv.node.name || 'conv'}.weight`;
}

function biasBase(conv: ConvWeights): string {
  return conv.bias?.tensor.name || `${conv.node.name || 'conv'}.bias`;
}

/**
 * Writes a folded tensor named after `base` with the "_fused" suffix, in `template`'s type and
 * storage: float64 values (biases) are encoded, a rescaled weight is already in its stored form. `replaces` is the tensor it takes the place of: when that one is already a fused
 * initializer that only this node reads (a weight folded a second time), the new tensor takes
 * over its name and its slot, so the name keeps one suffix instead of growing a counter.
 */
function newInitializer(
  plan: FusionPlan,
  template: ResolvedConstant,
  base: string,
  dims: readonly number[],
  values: Float64Array | Rescaler,
  ctx: ApplyContext,
  replaces?: ResolvedConstant,
): string {
  const replaceable = replaces && isPrivateInitializer(plan.scope, replaces) ? replaces.tensor.name : undefined;
  const name = ctx.names.next(base, replaceable ?? undefined);
  const tensor: TensorProto =
    values instanceof Float64Array
      ? tensorLike(template.tensor, name, dims, values, ctx.sideFiles)
      : storedLike(template.tensor, values.toTensor(name, dims), ctx.sideFiles);
  if (name === replaceable) return replaceInitializer(plan.scope.graph, tensor);
  return addInitializer(plan.scope.graph, tensor, ctx.initializersAsInputs && plan.scope.isMain);
}

/**
 * An initializer of the plan's own graph, read directly (no Identity) by one node and nothing
 * else, that no caller can override: replacing it changes what that node sees and nothing more.
 */
function isPrivateInitializer(scope: GraphScope, constant: ResolvedConstant): boolean {
  const { origin } = constant;
  return (
    origin.kind === 'initializer' &&
    origin.scope.graph === scope.graph &&
    constant.identities.length === 0 &&
    !constant.overridable &&
    readCount(scope, origin.name) === 1
  );
}
