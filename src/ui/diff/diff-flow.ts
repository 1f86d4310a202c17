import type { GraphView, ViewNode } from '../../store/index.ts';
import type { FlowEdge, FlowNode } from '../graph/flow-types.ts';
import { toFlow } from '../graph/to-flow.ts';
import type { DiffMark } from './diff-marks.ts';

/**
 * A side of the diff as React Flow nodes and edges: the graph's own cards (reused from the main
 * canvas) without fusion marks or Fuse buttons, which belong to the main view, each coloured by
 * its change through a class on React Flow's node wrapper.
 */
export function diffFlow(
  view: GraphView,
  marks: ReadonlyMap<string, DiffMark>,
): { nodes: FlowNode[]; edges: FlowEdge[] } {
  const plain: GraphView = {
    ...view,
    nodes: view.nodes.map(withoutFusionMarks),
    edges: view.edges.map(({ candidateId: _c, status: _s, ...edge }) => edge),
  };
  const flow = toFlow(plain);
  const nodes = flow.nodes.map((node) => {
    const mark = marks.get(node.id);
    return mark ? ({ ...node, className: `diff-${mark}` } as FlowNode) : node;
  });
  return { nodes, edges: flow.edges };
}

function withoutFusionMarks(node: ViewNode): ViewNode {
  const { candidateId: _c, candidateRole: _r, status: _s, reason: _why, fusedCount: _f, ...rest } = node;
  return rest;
}
