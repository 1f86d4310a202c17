import { MarkerType } from '@xyflow/react';
import { groupId, scopeOf } from '../../layout/scopes.ts';
import type { GraphView } from '../../store/index.ts';
import type { FlowEdge, FlowNode } from './flow-types.ts';

const flowType = { op: 'op', group: 'scope', frame: 'frame', input: 'io', output: 'io' } as const;

/** The worker's view as React Flow nodes and edges (positions and sizes already computed). */
export function toFlow(view: GraphView): { nodes: FlowNode[]; edges: FlowEdge[] } {
  const nodes: FlowNode[] = view.nodes.map((n) => ({
    id: n.id,
    type: flowType[n.kind],
    position: { x: n.x, y: n.y },
    width: n.width,
    height: n.height,
    data: { view: n },
    draggable: false,
    connectable: false,
    // Frames sit behind what they hold, inner frames above outer ones.
    ...(n.kind === 'frame' ? { zIndex: (n.depth ?? 1) - 1000, selectable: false, focusable: false } : {}),
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

/**
 * The flow nodes with `nodeIds` selected: React Flow draws them with the `selected` class and the
 * node components get `selected`. Only those nodes are copied; the rest keep their identity, so
 * React Flow does not re-render them.
 */
export function withSelection(nodes: FlowNode[], nodeIds: readonly string[]): FlowNode[] {
  if (nodeIds.length === 0) return nodes;
  const wanted = new Set(nodeIds);
  let copy: FlowNode[] | undefined;
  for (const [at, node] of nodes.entries()) {
    if (!wanted.has(node.id) || node.type === 'frame') continue;
    copy ??= [...nodes];
    copy[at] = { ...node, selected: true, domAttributes: { 'aria-current': 'true' } } as FlowNode;
  }
  return copy ?? nodes;
}

/** The id of the innermost name-scope group around an op, by its name (see layout/scopes.ts). */
export function innermostGroup(name: string): string | undefined {
  const scope = scopeOf(name);
  return scope.length > 0 ? groupId(scope) : undefined;
}
