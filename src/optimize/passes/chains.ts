import { attrInt, attrInts, onnxOp } from '../../fusion/attributes.ts';
import { type GraphScope, readCount } from '../../fusion/scope.ts';
import { Long } from '../../onnx/index.ts';
import { onnx } from '../../onnx/protobuf.ts';
import type { NodeProto } from '../../onnx/types.ts';
import { applyBypass, planBypass } from '../bypass.ts';
import { nodeTitle, producerOf } from '../graph-edit.ts';
import type { Pass, PassContext, PassOutcome } from '../types.ts';
import { constantInts, valueFacts } from '../values.ts';
import { Findings } from './report.ts';

/**
 * Consecutive nodes of one op that make one: Transpose after Transpose is one Transpose by the
 * composed permutation, or none when that is the identity; Reshape after Reshape is the second
 * Reshape of the first one's input, when the second's shape is a constant that does not copy
 * dims (a 0 without allowzero would copy the intermediate's dims, which differ); a Flatten, Squeeze
 * or Unsqueeze before a Reshape merges the same way, since each only relabels the dims of the same
 * elements in the same order. The first node must have no other reader (else nothing would be
 * saved); dead-code removes it afterwards.
 */
/** Ops whose output is their input's elements in the same order under other dims. */
const RESHAPE_LIKE = new Set(['Reshape', 'Flatten', 'Squeeze', 'Unsqueeze']);

export const chainsPass: Pass = {
  name: 'chains',
  kind: 'chain',
  title: 'Consecutive Transposes composed or cancelled; Reshape/Flatten/Squeeze/Unsqueeze into a following Reshape',
  run(ctx: PassContext): PassOutcome {
    const findings = new Findings(this, ctx);
    for (const original of ctx.scopes) {
      let scope = original;
      for (const node of [...original.index.nodes]) {
        const op = onnxOp(node);
        if (op !== 'Transpose' && op !== 'Reshape') continue;
        const first = producerOf(scope, node.input?.[0] ?? '');
        if (!first?.input?.[0]) continue;
        const firstOp = onnxOp(first);
        if (op === 'Transpose' ? firstOp !== op : !RESHAPE_LIKE.has(firstOp)) continue;
        const between = node.input?.[0] as string;
        if (readCount(scope, between) !== 1) continue;
        scope =
          op === 'Transpose'
            ? transposes(ctx, scope, findings, first, node)
            : reshapes(ctx, scope, findings, first, node);
      }
    }
    return { model: ctx.model, candidates: findings.candidates, applied: findings.applied };
  },
};

function permOf(ctx: PassContext, scope: GraphScope, node: NodeProto): number[] | undefined {
  const perm = attrInts(node, 'perm');
  if (perm) return perm;
  // No perm reverses the axes: the rank must be known.
  const rank = valueFacts(ctx, scope, node.input?.[0] ?? '')?.dims?.length;
  return rank === undefined ? undefined : Array.from({ length: rank }, (_, i) => rank - 1 - i);
}

function transposes(
  ctx: PassContext,
  scope: GraphScope,
  findings: Findings,
  first: NodeProto,
  second: NodeProto,
): GraphScope {
  const output = second.output?.[0] ?? '';
  const p1 = permOf(ctx, scope, first);
  const p2 = permOf(ctx, scope, second);
  if (!p1 || !p2) {
    findings.refuse(
      scope,
      output,
      nodeTitle(second),
      'Transpose',
      'Transposes composed',
      'SHAPE_UNKNOWN',
      'A Transpose has no perm and the rank of its input is not known.',
    );
    return scope;
  }
  if (p1.length !== p2.length || p2.some((p) => p < 0 || p >= p1.length)) return scope;
  const composed = p2.map((j) => p1[j] as number);
  const source = first.input?.[0] as string;
  if (composed.every((p, i) => p === i)) {
    const plan = planBypass(scope, second, source);
    if (plan.how === 'blocked') {
      findings.refuse(
        scope,
        output,
        nodeTitle(second),
        'Transpose',
        'Transposes cancelled',
        'GRAPH_OUTPUT',
        plan.message,
      );
      return scope;
    }
    if (!findings.offer(scope, output, nodeTitle(second), 'Transpose', 'Transposes cancelled')) return scope;
    return applyBypass(scope, second, plan);
  }
  if (!findings.offer(scope, output, nodeTitle(second), 'Transpose', 'Transposes composed')) return scope;
  second.input = [source];
  second.attribute = [
    ...(second.attribute ?? []).filter((a) => a.name !== 'perm'),
    { name: 'perm', type: onnx.AttributeProto.AttributeType.INTS, ints: composed.map((p) => Long.fromNumber(p)) },
  ];
  return scope;
}

function reshapes(
  ctx: PassContext,
  scope: GraphScope,
  findings: Findings,
  first: NodeProto,
  second: NodeProto,
): GraphScope {
  const output = second.output?.[0] ?? '';
  const firstOp = onnxOp(first);
  const action = firstOp === 'Reshape' ? 'Reshapes merged' : `${firstOp} merged into Reshape`;
  const shapeName = second.input?.[1] ?? '';
  const shape = constantInts(ctx, scope, shapeName);
  if (!shape) {
    findings.refuse(
      scope,
      output,
      nodeTitle(second),
      'Reshape',
      action,
      'NOT_CONSTANT',
      `The shape "${shapeName}" of the second Reshape is computed at run time.`,
    );
    return scope;
  }
  if (attrInt(second, 'allowzero', 0) !== 1 && shape.includes(0)) {
    findings.refuse(
      scope,
      output,
      nodeTitle(second),
      'Reshape',
      action,
      'SHAPE_MISMATCH',
      `The shape "${shapeName}" holds 0, which copies a dim of the ${firstOp}'s output.`,
    );
    return scope;
  }
  if (!findings.offer(scope, output, nodeTitle(second), 'Reshape', action)) return scope;
  second.input = [first.input?.[0] as string, ...(second.input ?? []).slice(1)];
  return scope;
}
