import type { FlowEdge, FlowNode } from '../graph/flow-types.ts';

/** What the last edit changed: nodes by name (or `#index`, or view id) and values by name. */
export interface ChangedParts {
  nodes: readonly string[];
  values: readonly string[];
}

const NODE_CLASS = 'is-changed';
const EDGE_CLASS = 'edge-changed';

function withClass<T extends { className?: string }>(item: T, name: string): T {
  return { ...item, className: item.className ? `${item.className} ${name}` : name };
}

/**
 * The flow with what the last edit changed marked (a class the stylesheet highlights): changed
 * ops, graph inputs and outputs whose value changed, and the edges carrying changed values.
 * Unchanged items keep their identity, so React Flow re-renders only the marked ones.
 */
export function markChanged(
  flow: { nodes: FlowNode[]; edges: FlowEdge[] },
  changed: ChangedParts | undefined,
): { nodes: FlowNode[]; edges: FlowEdge[] } {
  if (!changed || (changed.nodes.length === 0 && changed.values.length === 0)) return flow;
  const nodes = new Set(changed.nodes);
  const values = new Set(changed.values);
  const isChanged = (node: FlowNode): boolean => {
    const { view } = node.data;
    if (view.kind === 'input' || view.kind === 'output') return values.has(view.name);
    if (view.kind !== 'op') return false;
    return nodes.has(node.id) || (view.name !== '' && nodes.has(view.name)) || nodes.has(`#${view.index ?? -1}`);
  };
  return {
    nodes: flow.nodes.map((n) => (isChanged(n) ? withClass(n, NODE_CLASS) : n)),
    edges: flow.edges.map((e) => (e.data && values.has(e.data.view.value) ? withClass(e, EDGE_CLASS) : e)),
  };
}
