import type { GraphView, ViewNode } from '../../store/index.ts';

/**
 * How edit ops name drawn op nodes (see src/edit/types.ts): by node name where that name is the
 * node's alone, else by its index in the main graph as `#17`. A name two nodes share, or one that
 * reads like an index, would make the op mean another node (or be refused as ambiguous).
 */
export function nodeRefs(view: GraphView): (node: ViewNode) => string | undefined {
  const seen = new Set<string>();
  const shared = new Set<string>();
  for (const entry of view.search) {
    if (seen.has(entry.name)) shared.add(entry.name);
    seen.add(entry.name);
  }
  return (node) => {
    if (node.kind !== 'op') return undefined;
    if (node.name && !shared.has(node.name) && !node.name.startsWith('#')) return node.name;
    return node.index === undefined ? undefined : `#${node.index}`;
  };
}

/** The drawn op nodes among `ids`, in the graph's order (the order edits on several nodes use). */
export function selectedOps(view: GraphView, ids: readonly string[]): ViewNode[] {
  const wanted = new Set(ids);
  return view.nodes.filter((n) => n.kind === 'op' && wanted.has(n.id)).sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
}
