import { MarkerType } from '@xyflow/react';
import { groupId, scopeOf } from '../../layout/scopes.ts';
import type { GraphView } from '../../store/index.ts';
import type { FlowEdge, FlowNode } from './flow-types.ts';

/** The worker's view as React Flow nodes and edges (positions and sizes already computed). */
export function toFlow(view: GraphView): { nodes: FlowNode[]; edges: FlowEdge[] } {
  const nodes: FlowNode[] = view.nodes.map((n) => ({
    id: n.id,
    type: n.kind === 'op' ? 'op' : n.kind === 'group' ? 'scope' : 'io',
    position: { x: n.x, y: n.y },
    width: n.width,
    height: n.height,
    data: { view: n },
    draggable: false,
    connectable: false,
  }));
  const edges: FlowEdge[] = view.edges.map((e) => ({
    id: e.id,
    source: e.source,
    target: e.target,
    type: e.status ? 'candidate' : 'value',
    label: e.label || undefined,
    data: { view: e },
    markerEnd: { type: MarkerType.ArrowClosed, width: 14, height: 14 },
    className: e.status ? `edge-${e.status}` : undefined,
    focusable: false,
  }));
  return { nodes, edges };
}

/** The id of the innermost name-scope group around an op, by its name (see layout/scopes.ts). */
export function innermostGroup(name: string): string | undefined {
  const scope = scopeOf(name);
  return scope.length > 0 ? groupId(scope) : undefined;
}
