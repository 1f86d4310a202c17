import { onnxOp } from '../../fusion/attributes.ts';
import { addInitializer } from '../../fusion/rewrite.ts';
import type { GraphScope } from '../../fusion/scope.ts';
import { isExternal, nodeSubgraphs, readExternalBytes, topologicalOrder } from '../../onnx/index.ts';
import type { NodeProto } from '../../onnx/types.ts';
import { type ConstTensor, EVALUATED_OPS, evaluateNode, fromTensorProto, toTensorProto } from '../evaluate/index.ts';
import { nodeTitle, removeGraphNodes } from '../graph-edit.ts';
import type { Pass, PassContext, PassOutcome } from '../types.ts';
import { lookupConstant } from '../values.ts';
import { Findings } from './report.ts';

/**
 * Nodes whose inputs are all constant, of the ops src/optimize/evaluate computes (shape
 * arithmetic and weight preparation), are evaluated by that evaluator and their outputs become
 * initializers. Identity and Constant are left to the no-op and constants passes (which rename
 * instead of copying data). A result over the evaluator's cap (16 MB) stays a node, blocked with
 * TOO_LARGE; an input the op rejects stays too (INVALID). A graph output stays a node's output.
 * Constants are what src/fusion's lookup calls constants: an initializer of this graph or an
 * enclosing one (not an IR >= 4 graph input), a Constant node, through Identity nodes.
 */
export const constantFoldPass: Pass = {
  name: 'constant-fold',
  kind: 'constant-fold',
  title: 'Nodes with all-constant inputs evaluated (shape arithmetic, weight preparation) into initializers',
  run(ctx: PassContext): PassOutcome {
    const findings = new Findings(this, ctx);
    for (const scope of ctx.scopes) fold(ctx, scope, findings);
    return { model: ctx.model, candidates: findings.candidates, applied: findings.applied };
  },
};

const LEFT_TO_OTHER_PASSES = new Set(['Identity', 'Constant']);

function fold(ctx: PassContext, scope: GraphScope, findings: Findings): void {
  const { order, cyclic } = topologicalOrder(scope.index);
  if (cyclic.length > 0) return;
  const listAsInput = scope.isMain && ctx.irVersion < 4;
  // Values folded in this run: the index still names their nodes as producers.
  const folded = new Map<string, ConstTensor>();
  const removed = new Set<NodeProto>();
  const constantOf = (name: string): ConstTensor | undefined => {
    const known = folded.get(name);
    if (known) return known;
    const lookup = lookupConstant(ctx, scope, name);
    if (!lookup.ok) return undefined;
    const tensor = lookup.constant.tensor;
    let external: Uint8Array | undefined;
    try {
      external = isExternal(tensor) ? readExternalBytes(tensor, ctx.sideFiles) : undefined;
    } catch {
      return undefined;
    }
    const read = fromTensorProto(tensor, undefined, external);
    return read.ok ? read.tensor : undefined;
  };
  for (const i of order) {
    const node = scope.index.nodes[i] as NodeProto;
    const op = onnxOp(node);
    if (!EVALUATED_OPS.has(op) || LEFT_TO_OTHER_PASSES.has(op) || nodeSubgraphs(node).length > 0) continue;
    const names = node.input ?? [];
    const inputs = names.map((name) => (name ? constantOf(name) : undefined));
    if (names.some((name, k) => name && !inputs[k])) continue;
    const outputs = node.output ?? [];
    const anchor = outputs[0] ?? nodeTitle(node);
    const action = `${op} evaluated into an initializer`;
    if (outputs.some((o) => o && scope.index.outputs.has(o))) {
      findings.refuse(
        scope,
        anchor,
        nodeTitle(node),
        op,
        action,
        'GRAPH_OUTPUT',
        `An output of "${nodeTitle(node)}" is a graph output, which a node keeps producing.`,
      );
      continue;
    }
    const result = evaluateNode(node, inputs, ctx.opset);
    if (!result.ok) {
      // An op the evaluator knows but not for these types is not a candidate; the others say why.
      if (result.reason !== 'UNSUPPORTED_OP')
        findings.refuse(scope, anchor, nodeTitle(node), op, action, result.reason, result.message);
      continue;
    }
    if (!findings.offer(scope, anchor, nodeTitle(node), op, action)) continue;
    outputs.forEach((name, k) => {
      const value = result.outputs[k];
      if (!name || !value) return;
      folded.set(name, value);
      addInitializer(scope.graph, toTensorProto(name, value), listAsInput);
    });
    removed.add(node);
  }
  removeGraphNodes(scope.graph, removed);
}
