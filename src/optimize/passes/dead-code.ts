import { onnxOp } from '../../fusion/attributes.ts';
import { capturedNames, type GraphScope } from '../../fusion/scope.ts';
import { nodeSubgraphs, topologicalOrder } from '../../onnx/index.ts';
import type { NodeProto } from '../../onnx/types.ts';
import { nodeTitle, removeGraphNodes } from '../graph-edit.ts';
import type { Pass, PassContext, PassOutcome } from '../types.ts';
import { Findings } from './report.ts';

/**
 * Nodes no graph output depends on. A graph's live values start from its outputs; a live node
 * makes its inputs live, and also every value its subgraphs (If branches, Loop/Scan bodies) read
 * from outside themselves, so a node whose output only a nested body reads stays. ONNX ops have
 * no side effects, so nothing else keeps a node alive. A graph with a cycle (a damaged model) is
 * left alone.
 */
export const deadCodePass: Pass = {
  name: 'dead-code',
  kind: 'dead-code',
  title: 'Nodes that no graph output depends on removed',
  run(ctx: PassContext): PassOutcome {
    const findings = new Findings(this, ctx);
    for (const scope of ctx.scopes) {
      const dead = deadNodes(scope);
      const removed = new Set<NodeProto>();
      for (const node of dead) {
        const anchor = (node.output ?? []).find(Boolean) ?? nodeTitle(node);
        if (findings.offer(scope, anchor, nodeTitle(node), onnxOp(node) || (node.opType ?? ''), 'unused node removed'))
          removed.add(node);
      }
      removeGraphNodes(scope.graph, removed);
    }
    return { model: ctx.model, candidates: findings.candidates, applied: findings.applied };
  },
};

function deadNodes(scope: GraphScope): NodeProto[] {
  const { order, cyclic } = topologicalOrder(scope.index);
  if (cyclic.length > 0) return [];
  const live = new Set<string>(scope.index.outputs.keys());
  const alive = new Set<number>();
  for (let k = order.length - 1; k >= 0; k--) {
    const i = order[k] as number;
    const node = scope.index.nodes[i] as NodeProto;
    if (!(node.output ?? []).some((o) => o && live.has(o))) continue;
    alive.add(i);
    for (const input of node.input ?? []) if (input) live.add(input);
    // What the node's own subgraphs read from outside them (a one-node graph holding this node).
    if (nodeSubgraphs(node).length > 0) for (const name of capturedNames({ node: [node] })) live.add(name);
  }
  return scope.index.nodes.filter((_, i) => !alive.has(i));
}
