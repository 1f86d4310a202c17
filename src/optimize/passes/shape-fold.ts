import { attrInt, onnxOp } from '../../fusion/attributes.ts';
import { addInitializer } from '../../fusion/rewrite.ts';
import type { GraphScope } from '../../fusion/scope.ts';
import { DataType, Long, nodeSubgraphs, topologicalOrder } from '../../onnx/index.ts';
import { onnx } from '../../onnx/protobuf.ts';
import type { NodeProto } from '../../onnx/types.ts';
import { type ConstTensor, EVALUATED_OPS, toTensorProto } from '../evaluate/index.ts';
import { definesName, nodeTitle, removeGraphNodes } from '../graph-edit.ts';
import { currentPath, type RoundShapes, roundShapeOf } from '../round-shapes.ts';
import { type Dim, lookupConstant, lookupSymbolic } from '../shape/index.ts';
import type { Pass, PassContext, PassOutcome } from '../types.ts';
import { lookupConstant as lookupFileConstant } from '../values.ts';
import { Findings } from './report.ts';

/**
 * What shape inference (src/optimize/shape) knows that the file does not say:
 * - `Shape` and `Size` of a value whose dims are all known become initializers, even when the
 *   batch is symbolic elsewhere (constant-fold then evaluates what is computed from them); so does
 *   any node of an op the constant evaluator computes whose outputs inference worked out from the
 *   known part of a symbolic shape (`Gather(Shape(x), 1)` of an x shaped [batch, 48, 28, 28] is
 *   48: torch.onnx writes that for every `x.size(1)`);
 * - a Reshape whose target is computed from a symbolic shape (`Shape → Gather → Concat`) gets a
 *   constant target with the same meaning: an element equal to the input's dim at the same
 *   position becomes 0 ("copy", allowzero 0), numbers stay, and one element inference cannot
 *   name becomes -1 when nothing in the target can be 0; a target that only inserts 1s makes the
 *   Reshape an Unsqueeze over those axes. The Shape arithmetic is then dead code.
 * Both are exact: the node computes the same output for every input size.
 */
export const shapeFoldPass: Pass = {
  name: 'shape-fold',
  kind: 'constant-fold',
  title:
    'Shapes known by shape inference folded (Shape/Size of known dims and what is computed from them, Reshape targets made constant or Unsqueeze)',
  run(ctx: PassContext): PassOutcome {
    const findings = new Findings(this, ctx);
    const shapes = ctx.shapes();
    for (const scope of ctx.scopes) fold(ctx, scope, shapes, findings);
    return { model: ctx.model, candidates: findings.candidates, applied: findings.applied };
  },
};

function fold(ctx: PassContext, scope: GraphScope, shapes: RoundShapes, findings: Findings): void {
  const { order, cyclic } = topologicalOrder(scope.index);
  if (cyclic.length > 0) return;
  const listAsInput = scope.isMain && ctx.irVersion < 4;
  const removed = new Set<NodeProto>();
  for (const i of order) {
    const node = scope.index.nodes[i] as NodeProto;
    const op = onnxOp(node);
    if (nodeSubgraphs(node).length > 0) continue;
    if (op === 'Reshape' && ctx.opset >= 5) foldReshapeTarget(ctx, scope, shapes, findings, node, listAsInput);
    if (op === 'Shape' || op === 'Size' || (EVALUATED_OPS.has(op) && !LEFT_TO_OTHER_PASSES.has(op)))
      foldKnown(scope, shapes, findings, node, op, removed, listAsInput);
  }
  removeGraphNodes(scope.graph, removed);
}

/** Identity and Constant: the no-op and constants passes rename instead of copying data. */
const LEFT_TO_OTHER_PASSES = new Set(['Identity', 'Constant']);

/** Replaces a node whose every output inference knows as a constant by initializers. */
function foldKnown(
  scope: GraphScope,
  shapes: RoundShapes,
  findings: Findings,
  node: NodeProto,
  op: string,
  removed: Set<NodeProto>,
  listAsInput: boolean,
): void {
  const outs = node.output ?? [];
  const first = outs[0];
  if (!first || outs.some((o) => !o)) return;
  const values: ConstTensor[] = [];
  for (const out of outs) {
    const path = currentPath(shapes, scope, out);
    const value = path === undefined ? undefined : lookupConstant(shapes.shapes, path, out);
    if (!value) return;
    values.push(value);
  }
  const action =
    op === 'Shape' || op === 'Size'
      ? `${op} of known dims made an initializer`
      : `${op} of known sizes made an initializer`;
  const output = outs.find((o) => scope.index.outputs.has(o));
  if (output) {
    findings.refuse(
      scope,
      first,
      nodeTitle(node),
      op,
      action,
      'GRAPH_OUTPUT',
      `"${output}" is a graph output, which a node keeps producing.`,
    );
    return;
  }
  if (!findings.offer(scope, first, nodeTitle(node), op, action)) return;
  outs.forEach((out, k) => {
    addInitializer(scope.graph, toTensorProto(out, values[k] as ConstTensor), listAsInput);
  });
  removed.add(node);
}

function foldReshapeTarget(
  ctx: PassContext,
  scope: GraphScope,
  shapes: RoundShapes,
  findings: Findings,
  node: NodeProto,
  listAsInput: boolean,
): void {
  const [data, target] = node.input ?? [];
  if (!data || !target || attrInt(node, 'allowzero', 0) !== 0) return;
  if (lookupFileConstant(ctx, scope, target).ok) return; // already constant
  const targetPath = currentPath(shapes, scope, target);
  const requested = targetPath === undefined ? undefined : lookupSymbolic(shapes.shapes, targetPath, target);
  const input = roundShapeOf(shapes, scope, data)?.dims;
  if (!requested || requested.scalar || !input) return;
  const action = 'Reshape target made constant';
  const anchor = node.output?.[0] ?? nodeTitle(node);
  const elems = constantTarget(requested.elems, input);
  // A 0 in the target copies the input's dim there (allowzero is 0).
  const copied = requested.elems.map((e, i) => (e === 0 && i < input.length ? (input[i] as Dim) : e));
  const unsqueeze = elems ? undefined : insertedOnes(copied, input);
  if (unsqueeze) {
    if (!findings.offer(scope, anchor, nodeTitle(node), 'Reshape', 'Reshape became Unsqueeze')) return;
    toUnsqueeze(ctx, scope, node, data, unsqueeze, listAsInput);
    return;
  }
  if (!elems) {
    findings.refuse(
      scope,
      anchor,
      nodeTitle(node),
      'Reshape',
      action,
      'SHAPE_UNKNOWN',
      `The target of "${nodeTitle(node)}" has sizes shape inference cannot express as 0 (copy) or -1.`,
    );
    return;
  }
  if (!findings.offer(scope, anchor, nodeTitle(node), 'Reshape', action)) return;
  let name = `${target}_const`;
  for (let k = 1; definesName(scope.graph, name); k++) name = `${target}_const${k}`;
  const tensor: ConstTensor = {
    dataType: DataType.INT64,
    dims: [elems.length],
    data: BigInt64Array.from(elems, (e) => BigInt(e)),
  };
  addInitializer(scope.graph, toTensorProto(name, tensor), listAsInput);
  // Inputs arrays may be shared with the caller's model: replace, never change in place.
  node.input = [data, name, ...(node.input ?? []).slice(2)];
}

/**
 * Rewrites a Reshape that only inserts dims of 1 as an Unsqueeze over those axes: the same
 * elements in the same order under the same dims, for every input size (a constant target with
 * both 0 and -1 could not say that when a size is 0).
 */
function toUnsqueeze(
  ctx: PassContext,
  scope: GraphScope,
  node: NodeProto,
  data: string,
  axes: number[],
  listAsInput: boolean,
): void {
  node.opType = 'Unsqueeze';
  node.domain = '';
  if (ctx.opset >= 13) {
    let name = `${node.output?.[0] ?? 'unsqueeze'}_axes`;
    for (let k = 1; definesName(scope.graph, name); k++) name = `${node.output?.[0] ?? 'unsqueeze'}_axes${k}`;
    const tensor: ConstTensor = {
      dataType: DataType.INT64,
      dims: [axes.length],
      data: BigInt64Array.from(axes, BigInt),
    };
    addInitializer(scope.graph, toTensorProto(name, tensor), listAsInput);
    node.input = [data, name];
    node.attribute = [];
  } else {
    node.input = [data];
    node.attribute = [
      { name: 'axes', type: onnx.AttributeProto.AttributeType.INTS, ints: axes.map((a) => Long.fromNumber(a)) },
    ];
  }
}

/**
 * The axes at which `requested` has a 1 that `input` lacks, when `requested` is `input` with only
 * such 1s inserted (matched left to right; any matching gives the same Unsqueeze result).
 */
export function insertedOnes(requested: readonly Dim[], input: readonly Dim[]): number[] | undefined {
  const axes: number[] = [];
  let j = 0;
  for (let i = 0; i < requested.length; i++) {
    if (j < input.length && requested[i] === input[j]) j++;
    else if (requested[i] === 1) axes.push(i);
    else return undefined;
  }
  return j === input.length && axes.length > 0 ? axes : undefined;
}

/**
 * The target as constants, or undefined when it cannot be: a symbol equal to the input's dim at
 * its position is copied (0), and at most one other symbol becomes -1 — only when no element can
 * be 0 at run time (a 0 would make -1 ambiguous where the original target was not).
 */
export function constantTarget(elems: readonly Dim[], input: readonly Dim[]): number[] | undefined {
  const out: number[] = [];
  let open = -1;
  for (let i = 0; i < elems.length; i++) {
    const e = elems[i] as Dim;
    if (typeof e === 'number') out.push(e);
    else if (input[i] === e) out.push(0);
    else if (open >= 0) return undefined;
    else {
      open = i;
      out.push(-1);
    }
  }
  if (open < 0) return out;
  // Only one -1 is allowed, and with a copied dim or a 0 it could divide by zero.
  if (out.filter((d) => d === -1).length > 1 || out.includes(0)) return undefined;
  return out;
}
