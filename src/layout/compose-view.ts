import type { GraphProto } from '../onnx/types.ts';
import { buildFullGraph, type FullGraph, type Marks } from './build-view.ts';
import { CLOSED_GROUP_SIZE, groupView } from './group-view.ts';
import { type Frame, NestedLayout, type NestedPlacement } from './nested-layout.ts';
import type { GraphView, ViewNode } from './types.ts';

/** The per-scope layout of a graph; `reuse` is the layout before the last fusion, if any. */
export function nestedLayoutOf(full: FullGraph, reuse?: NestedLayout): NestedLayout {
  const items = full.nodes.map((n) => ({
    id: n.id,
    name: n.name,
    kind: n.kind as 'op' | 'input' | 'output',
    width: n.width,
    height: n.height,
  }));
  return new NestedLayout(items, full.edges, CLOSED_GROUP_SIZE, reuse);
}

/**
 * What to draw with `expanded` groups open (all when undefined): closed groups as single nodes,
 * open ones as frames around what they hold, each laid out on its own (see NestedLayout).
 * `previous` is the view before a fusion: when it shows every node still shown, the picture stays
 * exactly where it was.
 */
export function composeView(
  full: FullGraph,
  layout: NestedLayout,
  expanded?: ReadonlySet<string>,
  previous?: GraphView,
  maxNodes = Number.POSITIVE_INFINITY,
): GraphView {
  const open = new Set(expanded ?? layout.groups());
  for (const id of layout.singleOpGroups()) open.add(id);
  const shown = groupView(full.nodes, full.edges, open);
  if (shown.nodes.length > maxNodes) {
    const withheld = { nodes: shown.nodes.length, limit: maxNodes };
    return { nodes: [], edges: [], search: full.search, expanded: [...open], width: 0, height: 0, withheld };
  }
  const placement = reusablePlacement(shown.nodes, open, previous) ?? layout.place(open);
  const frames: ViewNode[] = placement.frames.map((f) => frameNode(f));
  const nodes = shown.nodes.map((n) => ({ ...n, ...(placement.positions.get(n.id) ?? { x: 0, y: 0 }) }));
  return {
    nodes: [...frames, ...nodes],
    edges: shown.edges,
    search: full.search,
    expanded: [...open],
    width: placement.width,
    height: placement.height,
  };
}

/** Convenience for one-off views (tests, the CLI): build, lay out and compose in one go. */
export function buildGraphView(graph: GraphProto, marks: Marks, expanded?: ReadonlySet<string>): GraphView {
  const full = buildFullGraph(graph, marks);
  return composeView(full, nestedLayoutOf(full), expanded);
}

function reusablePlacement(
  nodes: readonly ViewNode[],
  open: ReadonlySet<string>,
  previous: GraphView | undefined,
): NestedPlacement | undefined {
  if (!previous) return undefined;
  // Shown nodes all placed before means the same groups are open, but for groups a fusion emptied.
  const positions = new Map<string, { x: number; y: number }>();
  const frames: Frame[] = [];
  for (const n of previous.nodes) {
    if (n.kind !== 'frame') positions.set(n.id, { x: n.x, y: n.y });
    else if (open.has(n.id)) {
      frames.push({ id: n.id, depth: n.depth ?? 1, x: n.x, y: n.y, width: n.width, height: n.height });
    }
  }
  if (!nodes.every((n) => positions.has(n.id))) return undefined;
  return { positions, frames, width: previous.width, height: previous.height };
}

function frameNode(frame: Frame): ViewNode {
  const path = frame.id.slice('group:'.length);
  return {
    id: frame.id,
    kind: 'frame',
    op: path.split('/').at(-1) ?? path,
    name: path,
    attributes: [],
    chips: [],
    x: frame.x,
    y: frame.y,
    width: frame.width,
    height: frame.height,
    depth: frame.depth,
  };
}
