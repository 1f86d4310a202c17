import { scopeOf, visibleGroup } from './scopes.ts';
import type { ViewEdge, ViewNode } from './types.ts';

/** A closed group's box. */
export const CLOSED_GROUP_SIZE = { width: 196, height: 62 };

/**
 * Folds the ops of closed name-scope groups into one node per group. An edge between two ops
 * becomes an edge between what draws them (the op or its group); edges inside one group vanish
 * and parallel edges merge, so edges that cross group boundaries stay correct at any state.
 */
export function groupView(
  nodes: ViewNode[],
  edges: ViewEdge[],
  expanded: ReadonlySet<string>,
): { nodes: ViewNode[]; edges: ViewEdge[] } {
  const unitOf = new Map<string, string>();
  const groups = new Map<string, ViewNode>();
  const out: ViewNode[] = [];
  for (const node of nodes) {
    const group = node.kind === 'op' ? visibleGroup(scopeOf(node.name), expanded) : undefined;
    if (!group) {
      out.push(node);
      continue;
    }
    unitOf.set(node.id, group.id);
    let view = groups.get(group.id);
    if (!view) {
      const path = scopeOf(node.name).slice(0, group.depth);
      view = {
        id: group.id,
        kind: 'group',
        op: path.at(-1) ?? '',
        name: path.join('/'),
        attributes: [],
        chips: [],
        x: 0,
        y: 0,
        ...CLOSED_GROUP_SIZE,
        group: { nodes: 0, fusible: 0, blocked: 0, fused: 0 },
      };
      groups.set(group.id, view);
      out.push(view);
    }
    const stats = view.group as NonNullable<ViewNode['group']>;
    stats.nodes++;
    if (node.candidateRole === 'kept' && node.status === 'fusible') stats.fusible++;
    if (node.candidateRole === 'kept' && node.status === 'blocked') stats.blocked++;
    stats.fused += node.fusedCount ?? 0;
  }
  for (const view of groups.values()) {
    const s = view.group as NonNullable<ViewNode['group']>;
    view.attributes = [
      `${s.nodes} ${s.nodes === 1 ? 'node' : 'nodes'}`,
      ...(s.fusible ? [`${s.fusible} fusible`] : []),
      ...(s.blocked ? [`${s.blocked} blocked`] : []),
      ...(s.fused ? [`${s.fused} fused`] : []),
    ];
    if (s.fusible > 0) view.status = 'fusible';
  }
  const seen = new Set<string>();
  const outEdges: ViewEdge[] = [];
  for (const edge of edges) {
    const source = unitOf.get(edge.source) ?? edge.source;
    const target = unitOf.get(edge.target) ?? edge.target;
    if (source === target) continue;
    const grouped = source !== edge.source || target !== edge.target;
    const key = grouped ? `${source}->${target}` : edge.id;
    if (seen.has(key)) continue;
    seen.add(key);
    if (!grouped) {
      outEdges.push(edge);
      continue;
    }
    // A candidate's edge is only drawn as such between its two visible nodes.
    outEdges.push({ id: key, source, target, value: edge.value, label: edge.label });
  }
  return { nodes: out, edges: outEdges };
}
