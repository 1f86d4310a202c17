import { attrInt, attrInts, attrString, onnxOp } from '../../fusion/attributes.ts';
import { type GraphScope, readCount } from '../../fusion/scope.ts';
import { Long } from '../../onnx/index.ts';
import { onnx } from '../../onnx/protobuf.ts';
import type { AttributeProto, NodeProto } from '../../onnx/types.ts';
import { readFloatConstant } from '../float-constants.ts';
import { nodeTitle, readersOf, removeGraphNodes } from '../graph-edit.ts';
import type { OptimizeBlockReason, Pass, PassContext, PassOutcome } from '../types.ts';
import { constantInts } from '../values.ts';
import { Findings } from './report.ts';

const TARGETS = new Set(['Conv', 'AveragePool', 'MaxPool']);

type Check =
  | { ok: true; spatial: number[]; countIncludePad?: 1 }
  | { ok: false; reason: OptimizeBlockReason; message: string };

/**
 * Pad → Conv, AveragePool or MaxPool becomes the second node with the padding in its `pads`:
 * constant mode, constant pads that are non-negative and zero on the batch and channel axes,
 * and the value the node itself pads with (0 for Conv and AveragePool; -inf for MaxPool, which
 * pads with -inf, so a Pad by zeros before a MaxPool is not its padding and stays). AveragePool
 * must count padding (count_include_pad = 1), or have no padding of its own, in which case
 * it is set to count it, as the explicit zeros were counted. ceil_mode and auto_pad rule it out.
 */
export const padIntoConvPass: Pass = {
  name: 'pad-into-conv',
  kind: 'fusion',
  title: 'Constant Pad folded into the pads of the Conv, AveragePool or MaxPool after it',
  run(ctx: PassContext): PassOutcome {
    const findings = new Findings(this, ctx);
    for (const scope of ctx.scopes) {
      const removed = new Set<NodeProto>();
      for (const pad of scope.index.nodes) {
        if (onnxOp(pad) !== 'Pad' || !pad.input?.[0]) continue;
        const padded = pad.output?.[0] ?? '';
        const target = readersOf(scope, padded).find((r) => TARGETS.has(onnxOp(r)) && r.input?.[0] === padded);
        if (!target) continue;
        const op = onnxOp(target);
        const anchor = target.output?.[0] ?? '';
        const action = `Pad folded into ${op}`;
        if (readCount(scope, padded) !== 1) {
          findings.refuse(
            scope,
            anchor,
            nodeTitle(target),
            op,
            action,
            'OUTPUT_SHARED',
            `The Pad's output "${padded}" is also read elsewhere.`,
          );
          continue;
        }
        const check = checkPad(ctx, scope, pad, target, op);
        if (!check.ok) {
          findings.refuse(scope, anchor, nodeTitle(target), op, action, check.reason, check.message);
          continue;
        }
        if (!findings.offer(scope, anchor, nodeTitle(target), op, action)) continue;
        target.input = [pad.input[0], ...(target.input ?? []).slice(1)];
        target.attribute = [
          ...(target.attribute ?? []).filter(
            (a) => a.name !== 'pads' && (check.countIncludePad === undefined || a.name !== 'count_include_pad'),
          ),
          ints('pads', check.spatial),
          ...(check.countIncludePad
            ? [{ name: 'count_include_pad', type: onnx.AttributeProto.AttributeType.INT, i: Long.ONE }]
            : []),
        ];
        removed.add(pad);
      }
      removeGraphNodes(scope.graph, removed);
    }
    return { model: ctx.model, candidates: findings.candidates, applied: findings.applied };
  },
};

function ints(name: string, values: readonly number[]): AttributeProto {
  return { name, type: onnx.AttributeProto.AttributeType.INTS, ints: values.map((v) => Long.fromNumber(v)) };
}

function fail(reason: OptimizeBlockReason, message: string): Check {
  return { ok: false, reason, message };
}

function checkPad(ctx: PassContext, scope: GraphScope, pad: NodeProto, target: NodeProto, op: string): Check {
  const mode = attrString(pad, 'mode') ?? 'constant';
  if (mode !== 'constant')
    return fail('PADDING', `The Pad's mode is "${mode}"; only constant padding is what ${op} does.`);
  const pads = ctx.opset >= 11 ? constantInts(ctx, scope, pad.input?.[1] ?? '') : attrInts(pad, 'pads');
  if (!pads || pads.length % 2 !== 0) return fail('NOT_CONSTANT', "The Pad's pads are not a constant list.");
  let full = pads;
  if (ctx.opset >= 18 && pad.input?.[3]) {
    const axes = constantInts(ctx, scope, pad.input[3]);
    const rank = kernelRank(target) + 2;
    if (!axes || rank < 3)
      return fail('NOT_CONSTANT', "The Pad's axes are not a constant list, or the rank is not known.");
    full = new Array<number>(2 * rank).fill(0);
    const k = axes.length;
    for (let i = 0; i < k; i++) {
      const axis = (axes[i] as number) < 0 ? (axes[i] as number) + rank : (axes[i] as number);
      if (axis < 0 || axis >= rank) return fail('PADDING', "The Pad's axes are out of range.");
      full[axis] = pads[i] as number;
      full[axis + rank] = pads[i + k] as number;
    }
  }
  const rank = full.length / 2;
  if (rank < 3)
    return fail(
      'PADDING',
      'The Pad pads fewer than three axes; the node after it needs batch, channel and spatial axes.',
    );
  if (full.some((p) => p < 0)) return fail('PADDING', 'The Pad crops (negative pads), which pads cannot express.');
  if (full[0] !== 0 || full[1] !== 0 || full[rank] !== 0 || full[rank + 1] !== 0) {
    return fail('PADDING', 'The Pad pads the batch or channel axis; a convolution or pooling pads only spatial axes.');
  }
  const value = padValue(ctx, scope, pad);
  if (value === undefined) return fail('NOT_CONSTANT', "The Pad's constant value is not a readable constant.");
  const wanted = op === 'MaxPool' ? Number.NEGATIVE_INFINITY : 0;
  if (value !== wanted) {
    return fail(
      'PADDING',
      `The Pad fills with ${value}; ${op} pads with ${op === 'MaxPool' ? '-inf' : '0'}, so the two are not the same.`,
    );
  }
  const autoPad = attrString(target, 'auto_pad') ?? 'NOTSET';
  if (autoPad !== 'NOTSET')
    return fail('ATTRIBUTE', `The ${op} has auto_pad ${autoPad}, which computes its own padding.`);
  if (op !== 'Conv' && attrInt(target, 'ceil_mode', 0) !== 0)
    return fail('ATTRIBUTE', `The ${op} has ceil_mode 1, whose windows past the end treat padding differently.`);
  if (op === 'MaxPool' && target.output?.[1])
    return fail('EXTRA_OUTPUTS', 'The MaxPool also returns indices, which count positions of the padded input.');
  const spatialRank = rank - 2;
  const existing = attrInts(target, 'pads') ?? new Array<number>(2 * spatialRank).fill(0);
  if (existing.length !== 2 * spatialRank)
    return fail('SHAPE_MISMATCH', `The ${op}'s pads do not match the Pad's rank.`);
  const spatial = existing.map((p, i) => p + (full[i < spatialRank ? i + 2 : i - spatialRank + rank + 2] as number));
  if (op === 'AveragePool' && attrInt(target, 'count_include_pad', 0) !== 1) {
    if (existing.some((p) => p !== 0)) {
      return fail(
        'ATTRIBUTE',
        "The AveragePool pads on its own without counting padding, while the Pad's zeros are counted.",
      );
    }
    return { ok: true, spatial, countIncludePad: 1 };
  }
  return { ok: true, spatial };
}

/** The value Pad fills with: constant_value (opset 11+) or the value attribute; 0 by default. */
function padValue(ctx: PassContext, scope: GraphScope, pad: NodeProto): number | undefined {
  if (ctx.opset < 11) {
    const attribute = (pad.attribute ?? []).find((a) => a.name === 'value');
    return attribute?.f ?? 0;
  }
  const name = pad.input?.[2];
  if (!name) return 0;
  const read = readFloatConstant(ctx, scope, name, 'pad value');
  if (read.ok) return read.values.length === 1 ? read.values[0] : undefined;
  const asInt = constantInts(ctx, scope, name);
  return asInt?.length === 1 ? asInt[0] : undefined;
}

/** The number of spatial axes of a Conv or pooling: from kernel_shape, else unknown (0). */
function kernelRank(node: NodeProto): number {
  return attrInts(node, 'kernel_shape')?.length ?? 0;
}
