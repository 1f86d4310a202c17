import { attrInt, attrInts, onnxOp } from '../../fusion/attributes.ts';
import { type GraphScope, readCount } from '../../fusion/scope.ts';
import type { NodeProto } from '../../onnx/types.ts';
import { applyBypass, planBypass } from '../bypass.ts';
import { nodeTitle, producerOf } from '../graph-edit.ts';
import type { Pass, PassContext, PassOutcome } from '../types.ts';
import { constantInts, inferredDims, staticDims, valueFacts } from '../values.ts';
import { Findings } from './report.ts';

/** What a node passes through unchanged, or why it does not count as a no-op after all. */
type NoOp = { input: string } | { blocked: 'TRAINING_MODE' | 'EXTRA_OUTPUTS'; message: string };

/** Ends at or past this are "to the end" whatever the dim (exporters write INT32/INT64 max). */
const TO_THE_END = 2 ** 31 - 1;

/**
 * Nodes whose output is their input: Identity; Dropout in inference; Cast to the type it already
 * has; Reshape and Expand to the shape it already has; Transpose by the identity permutation;
 * Pad by zeros; Slice of everything; Concat of one input; Split into one output; Squeeze of an
 * Unsqueeze over the same axes and the reverse (a Squeeze without axes squeezes the 1s of its
 * input's known dims). Types and shapes come from the file (initializers, value_info, graph inputs
 * and outputs) and this round's shape inference, symbols included (a Reshape of [N, 64] to
 * [N, 64] is a no-op for every N): where neither knows, the node is not a candidate.
 * Readers of the output read the input instead; a graph output keeps its name (see planBypass).
 */
export const noOpsPass: Pass = {
  name: 'no-ops',
  kind: 'no-op',
  title:
    'Identity, inference Dropout, same-type Cast, same-shape Reshape/Expand, identity Transpose, zero Pad, full Slice, Concat/Split of one, cancelling Squeeze/Unsqueeze',
  run(ctx: PassContext): PassOutcome {
    const findings = new Findings(this, ctx);
    for (const original of ctx.scopes) {
      let scope = original;
      for (const node of [...original.index.nodes]) {
        const op = onnxOp(node);
        const found = noOpOf(ctx, scope, node, op);
        if (!found) continue;
        const output = node.output?.[0] ?? '';
        const action = `${op} removed`;
        if ('blocked' in found) {
          findings.refuse(scope, output, nodeTitle(node), op, action, found.blocked, found.message);
          continue;
        }
        const plan = planBypass(scope, node, found.input);
        if (plan.how === 'blocked') {
          findings.refuse(scope, output, nodeTitle(node), op, action, 'GRAPH_OUTPUT', plan.message);
          continue;
        }
        if (!findings.offer(scope, output, nodeTitle(node), op, action)) continue;
        scope = applyBypass(scope, node, plan);
      }
    }
    return { model: ctx.model, candidates: findings.candidates, applied: findings.applied };
  },
};

function noOpOf(ctx: PassContext, scope: GraphScope, node: NodeProto, op: string): NoOp | undefined {
  const inputs = node.input ?? [];
  const data = inputs[0];
  if (!data || !node.output?.[0]) return undefined;
  switch (op) {
    case 'Identity':
      return { input: data };
    case 'Dropout':
      return dropout(ctx, scope, node, data);
    case 'Cast': {
      const to = attrInt(node, 'to', 0);
      const from = valueFacts(ctx, scope, data)?.elemType;
      return from !== undefined && from === to ? { input: data } : undefined;
    }
    case 'Reshape':
      return sameShape(ctx, scope, node, data, (dims) => reshapeTarget(ctx, scope, node, dims));
    case 'Expand':
      return sameShape(ctx, scope, node, data, (dims) => expandTarget(ctx, scope, node, dims));
    case 'Transpose': {
      const perm = attrInts(node, 'perm');
      if (perm) return perm.every((p, i) => p === i) ? { input: data } : undefined;
      const rank = valueFacts(ctx, scope, data)?.dims?.length;
      return rank !== undefined && rank <= 1 ? { input: data } : undefined;
    }
    case 'Pad': {
      const pads = ctx.opset >= 11 ? constantInts(ctx, scope, inputs[1] ?? '') : attrInts(node, 'pads');
      return pads?.every((p) => p === 0) ? { input: data } : undefined;
    }
    case 'Slice':
      return sliceOfAll(ctx, scope, node, data) ? { input: data } : undefined;
    case 'Concat':
      return inputs.length === 1 ? { input: data } : undefined;
    case 'Split':
      return (node.output ?? []).length === 1 ? { input: data } : undefined;
    case 'Squeeze':
    case 'Unsqueeze':
      return cancelledPair(ctx, scope, node, op, data);
    default:
      return undefined;
  }
}

/**
 * Dropout is the identity in inference: opset 12+ when training_mode is absent or a constant
 * false; opsets 7–11 always (they have no training switch; onnxruntime runs them as inference);
 * opsets 1–6 when is_test is 1. The mask output must be unread.
 */
function dropout(ctx: PassContext, scope: GraphScope, node: NodeProto, data: string): NoOp {
  const mask = node.output?.[1];
  if (mask && (readCount(scope, mask) > 0 || scope.index.outputs.has(mask))) {
    return {
      blocked: 'EXTRA_OUTPUTS',
      message: `The Dropout's mask "${mask}" is read, and only the data passes through.`,
    };
  }
  if (ctx.opset < 7 && attrInt(node, 'is_test', 0) !== 1) {
    return { blocked: 'TRAINING_MODE', message: 'This Dropout (opset < 7) has is_test unset, so it drops values.' };
  }
  const training = node.input?.[2];
  if (training) {
    const value = constantInts(ctx, scope, training);
    if (value?.length !== 1 || value[0] !== 0) {
      return {
        blocked: 'TRAINING_MODE',
        message: `The Dropout's training_mode "${training}" is not a constant false, so it may drop values.`,
      };
    }
  }
  return { input: data };
}

function sameShape(
  ctx: PassContext,
  scope: GraphScope,
  node: NodeProto,
  data: string,
  target: (dims: number[]) => number[] | undefined,
): NoOp | undefined {
  const output = node.output?.[0] ?? '';
  // Inference's dims, symbols included: equal dims at every position are the same shape.
  const inDims = inferredDims(ctx, scope, data);
  const outDims = inferredDims(ctx, scope, output);
  if (inDims && outDims && inDims.length === outDims.length && inDims.every((d, i) => d === outDims[i])) {
    return { input: data };
  }
  const dims = staticDims(valueFacts(ctx, scope, data));
  if (!dims) return undefined;
  const out = target(dims) ?? staticDims(valueFacts(ctx, scope, output));
  return out && out.length === dims.length && out.every((d, i) => d === dims[i]) ? { input: data } : undefined;
}

/** Reshape's output dims for input dims `dims`: 0 copies the input dim (unless allowzero), -1 is inferred. */
function reshapeTarget(ctx: PassContext, scope: GraphScope, node: NodeProto, dims: number[]): number[] | undefined {
  const shape = constantInts(ctx, scope, node.input?.[1] ?? '');
  if (!shape) return undefined;
  const allowZero = attrInt(node, 'allowzero', 0) === 1;
  const out = shape.map((s, i) => (s === 0 && !allowZero ? dims[i] : s));
  if (out.some((d) => d === undefined || d < -1)) return undefined;
  const total = dims.reduce((a, b) => a * b, 1);
  const holes = out.filter((d) => d === -1).length;
  if (holes > 1) return undefined;
  if (holes === 1) {
    const known = (out as number[]).filter((d) => d !== -1).reduce((a, b) => a * b, 1);
    if (known === 0 || total % known !== 0) return undefined;
    return (out as number[]).map((d) => (d === -1 ? total / known : d));
  }
  return out as number[];
}

/** Expand's output dims: the input broadcast with the shape (right-aligned). */
function expandTarget(ctx: PassContext, scope: GraphScope, node: NodeProto, dims: number[]): number[] | undefined {
  const shape = constantInts(ctx, scope, node.input?.[1] ?? '');
  if (!shape) return undefined;
  const rank = Math.max(shape.length, dims.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const a = dims[i - (rank - dims.length)] ?? 1;
    const b = shape[i - (rank - shape.length)] ?? 1;
    if (a !== b && a !== 1 && b !== 1) return undefined;
    out.push(a === 1 ? b : a);
  }
  return out;
}

/** Slice whose every sliced axis runs from 0 to the end with step 1. */
function sliceOfAll(ctx: PassContext, scope: GraphScope, node: NodeProto, data: string): boolean {
  const read = (k: number, attr: string) =>
    ctx.opset >= 10
      ? node.input?.[k]
        ? constantInts(ctx, scope, node.input[k] as string)
        : undefined
      : attrInts(node, attr);
  const starts = read(1, 'starts');
  const ends = read(2, 'ends');
  if (!starts || !ends || starts.length !== ends.length) return false;
  const axesGiven = ctx.opset >= 10 ? Boolean(node.input?.[3]) : attrInts(node, 'axes') !== undefined;
  const axes = axesGiven ? read(3, 'axes') : starts.map((_, i) => i);
  const stepsGiven = ctx.opset >= 10 && Boolean(node.input?.[4]);
  const steps = stepsGiven ? read(4, '') : starts.map(() => 1);
  if (!axes || !steps || axes.length !== starts.length || steps.length !== starts.length) return false;
  const dims = valueFacts(ctx, scope, data)?.dims;
  return starts.every((start, i) => {
    if (steps[i] !== 1) return false;
    const axis = axes[i] as number;
    const dim = dims?.[axis < 0 ? axis + dims.length : axis];
    const end = ends[i] as number;
    const fromStart = start === 0 || (dim !== undefined && start <= -dim);
    const toEnd = end >= TO_THE_END || (dim !== undefined && end >= dim);
    return fromStart && toEnd;
  });
}

/**
 * Squeeze(Unsqueeze(x)) or Unsqueeze(Squeeze(x)) over the same axes is x. A Squeeze without axes
 * squeezes every dim of size 1, so its axes are known when all of its input's dims are.
 */
function cancelledPair(
  ctx: PassContext,
  scope: GraphScope,
  node: NodeProto,
  op: string,
  data: string,
): NoOp | undefined {
  const before = producerOf(scope, data);
  const other = op === 'Squeeze' ? 'Unsqueeze' : 'Squeeze';
  if (!before || onnxOp(before) !== other || !before.input?.[0]) return undefined;
  const squeeze = op === 'Squeeze' ? node : before;
  // The larger rank, that of the Squeeze's input, which both lists' negative axes count from.
  const rank = valueFacts(ctx, scope, squeeze.input?.[0] ?? '')?.dims?.length;
  const axes = (n: NodeProto): number[] | undefined => {
    const given =
      ctx.opset >= 13 ? (n.input?.[1] ? constantInts(ctx, scope, n.input[1]) : undefined) : attrInts(n, 'axes');
    if (given || n !== squeeze || (ctx.opset >= 13 && n.input?.[1])) return given;
    const dims = staticDims(valueFacts(ctx, scope, n.input?.[0] ?? ''));
    return dims?.flatMap((d, i) => (d === 1 ? [i] : []));
  };
  const a = axes(node)?.map((v) => (v < 0 && rank !== undefined ? v + rank : v));
  const b = axes(before)?.map((v) => (v < 0 && rank !== undefined ? v + rank : v));
  if (!a || !b || a.length === 0 || a.length !== b.length) return undefined;
  // Without a known rank, negative axes count from the same rank in both, so equal lists are equal axes.
  const sa = [...a].sort((x, y) => x - y);
  const sb = [...b].sort((x, y) => x - y);
  if (new Set(sa).size !== sa.length || sa.some((v, i) => v !== sb[i])) return undefined;
  return { input: before.input[0] };
}
