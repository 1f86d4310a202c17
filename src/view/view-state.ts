import {
  composeView,
  enclosingGroups,
  type FullGraph,
  type GraphView,
  type NestedLayout,
  nestedLayoutOf,
  openSingleChildChains,
  scopeOf,
} from '../layout/index.ts';

/** Models with more nodes than this open with their name-scope groups closed. */
export const OPEN_COLLAPSED_ABOVE = 1500;

/**
 * Views that would draw more nodes than this are not laid out or drawn until the user asks:
 * React Flow keeps every node in its store, and past this the tab stalls for many seconds.
 * Graphs with name scopes stay well under it (their groups open collapsed).
 */
export const AUTO_LAYOUT_LIMIT = 25_000;

/** A step's graph: every op, and its per-group layout (cached as groups are opened). */
export interface StepGraph {
  full: FullGraph;
  layout: NestedLayout;
}

/**
 * The same graph with a layout that remembers nothing: each step's layout reuses the orders of the
 * step before it (and its view the positions), so fused-away nodes leave empty slots where they
 * were. Composed without a previous view, this is the picture the fused model would open with.
 */
export function tidied(graph: StepGraph): StepGraph {
  return { full: graph.full, layout: nestedLayoutOf(graph.full) };
}

/**
 * What the user chose to see, the same across undo and redo: which name-scope groups are open,
 * and whether to draw a view past AUTO_LAYOUT_LIMIT. Turns a step's graph into its view.
 */
export class ViewState {
  /** Open groups; undefined while all are open (small models open fully). */
  private expanded: Set<string> | undefined;
  /** The user chose to draw a view past AUTO_LAYOUT_LIMIT. */
  private drawAnyway = false;

  /** Large graphs open collapsed to their top-level groups (past single-group wrappers such as "model"). */
  constructor(nodeNames: readonly string[]) {
    if (nodeNames.length > OPEN_COLLAPSED_ABOVE) {
      this.expanded = new Set();
      openSingleChildChains(this.expanded, nodeNames);
    }
  }

  /** The view of `graph`; with `previous`, nodes keep their places (see composeView). */
  compose(graph: StepGraph, previous: GraphView | undefined): GraphView {
    const limit = this.drawAnyway ? Number.POSITIVE_INFINITY : AUTO_LAYOUT_LIMIT;
    return composeView(graph.full, graph.layout, this.expanded, previous, limit);
  }

  /** Whether `view` was drawn with the groups open now (plus the one-op groups, always open). */
  isCurrent(view: GraphView, layout: NestedLayout): boolean {
    if (!this.expanded) return true;
    const wanted = new Set([...this.expanded, ...layout.singleOpGroups()]);
    return view.expanded.length === wanted.size && view.expanded.every((x) => wanted.has(x));
  }

  /** Opens a closed group, or closes an open one; false when there is no such group to toggle. */
  toggle(requested: string, view: GraphView, layout: NestedLayout): boolean {
    // A group around a single op is always drawn open; toggling it means its first real parent.
    const single = layout.singleOpGroups();
    let groupId: string | undefined = requested;
    while (groupId && single.has(groupId)) groupId = layout.parentOf(groupId);
    if (!groupId) return false;
    const open = this.expanded ?? new Set(view.expanded);
    if (open.has(groupId)) {
      open.delete(groupId);
    } else {
      open.add(groupId);
      openSingleChildChains(
        open,
        view.search.map((e) => e.name),
        groupId,
      );
    }
    this.expanded = open;
    return true;
  }

  /** Opens every group around a node so that it is drawn; false when nothing changes. */
  reveal(nodeId: string, view: GraphView): boolean {
    if (!this.expanded) return false;
    const entry = view.search.find((e) => e.id === nodeId);
    if (!entry) return false;
    for (const id of enclosingGroups(scopeOf(entry.name))) this.expanded.add(id);
    return true;
  }

  drawAll(): void {
    this.drawAnyway = true;
  }
}
