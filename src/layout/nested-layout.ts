import { type LayerOrder, orderLayers, placeLayers } from './layered.ts';
import { groupId, scopeOf } from './scopes.ts';

/** A drawable thing of the full graph: an op, a graph input or a graph output. */
export interface LayoutItem {
  id: string;
  /** Ops sit in the scope of their name; graph inputs and outputs at the top. */
  name: string;
  kind: 'op' | 'input' | 'output';
  width: number;
  height: number;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** An open group, drawn as a frame around what it holds. */
export interface Frame extends Box {
  id: string;
  depth: number;
}

export interface NestedPlacement {
  /** Top-left corner of every drawn item and closed group. */
  positions: Map<string, { x: number; y: number }>;
  /** Open groups, outermost first. */
  frames: Frame[];
  width: number;
  height: number;
}

interface Scope {
  id: string;
  depth: number;
  /** Ids of items directly in this scope, then of groups directly inside it. */
  units: string[];
  parent: string | undefined;
  /** Items in this scope and all scopes inside it. */
  items: number;
  /** Edges between units, lifted from the items' edges whose innermost common scope is this one. */
  edges: [string, string][];
}

const ROOT = '';
/** Room around what an open group holds, and for its title above. */
const FRAME_PAD = 14;
const FRAME_TITLE = 26;

/**
 * Layout by name scope: each scope is laid out on its own, as a layered layout of what it
 * directly holds (its ops, and the groups inside it as single boxes), the first time it is shown;
 * the order is cached, so closing and re-opening a group puts everything back where it was, and
 * opening one costs the layout of that group, not of the whole graph. Placing again is needed
 * only where a group grew or shrank: the group itself and the scopes around it.
 */
export class NestedLayout {
  private readonly scopes = new Map<string, Scope>();
  private readonly sizes = new Map<string, { width: number; height: number }>();
  private readonly orders = new Map<string, LayerOrder>();
  private readonly placed = new Map<string, { key: string; box: PlacedScope }>();
  private singleOp: Set<string> | undefined;

  /**
   * @param closedSize size of a closed group's box.
   * @param reuse the layout of the previous version of this graph (before a fusion): scopes whose
   *   units are unchanged, or only lost some, keep their order.
   */
  constructor(
    items: readonly LayoutItem[],
    edges: readonly { source: string; target: string }[],
    private readonly closedSize: { width: number; height: number },
    reuse?: NestedLayout,
  ) {
    const scopeOfItem = new Map<string, string[]>();
    const root = this.scope(ROOT, 0);
    for (const item of items) {
      const segments = item.kind === 'op' ? scopeOf(item.name) : [];
      scopeOfItem.set(item.id, segments);
      this.sizes.set(item.id, { width: item.width, height: item.height });
      let parent = root;
      for (let depth = 1; depth <= segments.length; depth++) {
        const id = groupId(segments.slice(0, depth));
        let scope = this.scopes.get(id);
        if (!scope) {
          scope = this.scope(id, depth, parent.id === ROOT ? undefined : parent.id);
          parent.units.push(id);
        }
        scope.items++;
        parent = scope;
      }
      parent.units.push(item.id);
    }
    for (const { source, target } of edges) {
      const a = scopeOfItem.get(source);
      const b = scopeOfItem.get(target);
      if (!a || !b) continue;
      let common = 0;
      while (common < a.length && common < b.length && a[common] === b[common]) common++;
      const unitA = common < a.length ? groupId(a.slice(0, common + 1)) : source;
      const unitB = common < b.length ? groupId(b.slice(0, common + 1)) : target;
      if (unitA === unitB) continue;
      const scope = this.scopes.get(common === 0 ? ROOT : groupId(a.slice(0, common)));
      scope?.edges.push([unitA, unitB]);
    }
    if (reuse) this.reuseOrders(reuse);
  }

  /** How many scopes have been laid out (ordered) so far: each only once. */
  get scopesLaidOut(): number {
    return this.orders.size;
  }

  /** Every group of the graph. */
  groups(): string[] {
    return [...this.scopes.keys()].filter((id) => id !== ROOT);
  }

  /** The group directly around a group, if any. */
  parentOf(id: string): string | undefined {
    return this.scopes.get(id)?.parent;
  }

  /**
   * Groups around a single op ("/layer1/conv/Conv" makes one for "conv"): a closed box saying
   * "1 node" hides the op for nothing, so these are always drawn open, as the op itself.
   */
  singleOpGroups(): ReadonlySet<string> {
    // Asked on every view and every toggle; the scopes never change, so found once.
    this.singleOp ??= new Set([...this.scopes.values()].filter((s) => s.id !== ROOT && s.items === 1).map((s) => s.id));
    return this.singleOp;
  }

  /**
   * Positions with the groups in `open` (and their open ancestors) drawn open and all others
   * closed. Iterative: scope depth comes from node names, which a hostile file controls.
   */
  place(open: ReadonlySet<string>): NestedPlacement {
    // Open scopes reachable from the top, outer before inner.
    const shown: Scope[] = [];
    const stack: Scope[] = [this.scopes.get(ROOT) as Scope];
    while (stack.length > 0) {
      const scope = stack.pop() as Scope;
      shown.push(scope);
      for (const unit of scope.units) {
        const inner = this.scopes.get(unit);
        if (inner && open.has(unit)) stack.push(inner);
      }
    }
    shown.sort((a, b) => a.depth - b.depth);
    // Sizes inner first: an open group is as large as what it holds.
    const boxes = new Map<string, PlacedScope>();
    for (let i = shown.length - 1; i >= 0; i--) {
      const scope = shown[i] as Scope;
      boxes.set(scope.id, this.placeScope(scope, boxes));
    }
    // Positions outer first.
    const positions = new Map<string, { x: number; y: number }>();
    const frames: Frame[] = [];
    const origin = new Map<string, { x: number; y: number }>([[ROOT, { x: 0, y: 0 }]]);
    for (const scope of shown) {
      const box = boxes.get(scope.id) as PlacedScope;
      const at = origin.get(scope.id) as { x: number; y: number };
      const framed = hasFrame(scope);
      if (framed) frames.push({ id: scope.id, depth: scope.depth, x: at.x, y: at.y, ...frameSize(box) });
      const inside = framed ? { x: at.x + FRAME_PAD, y: at.y + FRAME_TITLE } : at;
      scope.units.forEach((unit, i) => {
        const position = { x: inside.x + (box.x[i] as number), y: inside.y + (box.y[i] as number) };
        if (boxes.has(unit)) origin.set(unit, position);
        else positions.set(unit, position);
      });
    }
    const root = boxes.get(ROOT) as PlacedScope;
    return { positions, frames, width: root.width, height: root.height };
  }

  private scope(id: string, depth: number, parent?: string): Scope {
    const scope: Scope = { id, depth, parent, items: 0, units: [], edges: [] };
    this.scopes.set(id, scope);
    return scope;
  }

  /** Lays out one scope from its cached order, with open groups inside at their current sizes. */
  private placeScope(scope: Scope, inner: ReadonlyMap<string, PlacedScope>): PlacedScope {
    const sizes = scope.units.map((unit) => {
      const open = inner.get(unit);
      if (open) return hasFrame(this.scopes.get(unit) as Scope) ? frameSize(open) : open;
      return this.scopes.has(unit) ? this.closedSize : (this.sizes.get(unit) ?? this.closedSize);
    });
    // Only the sizes of open groups inside can change between calls.
    const key = scope.units
      .flatMap((unit, i) => (inner.has(unit) ? [`${i}:${sizes[i]?.width}x${sizes[i]?.height}`] : []))
      .join(',');
    const cached = this.placed.get(scope.id);
    if (cached?.key === key) return cached.box;
    const box = placeLayers(sizes, this.orderOf(scope));
    this.placed.set(scope.id, { key, box });
    return box;
  }

  private orderOf(scope: Scope): LayerOrder {
    let order = this.orders.get(scope.id);
    if (!order) {
      const at = new Map(scope.units.map((unit, i) => [unit, i]));
      order = orderLayers(
        scope.units.length,
        scope.edges.map(([a, b]) => [at.get(a) ?? -1, at.get(b) ?? -1] as const),
      );
      this.orders.set(scope.id, order);
    }
    return order;
  }

  /**
   * A fusion removes one node of a pair and renames nothing else that has a name, so most scopes
   * keep exactly their units, or lose some: their order carries over with the lost ones left out.
   */
  private reuseOrders(previous: NestedLayout): void {
    for (const [id, scope] of this.scopes) {
      const before = previous.scopes.get(id);
      const order = previous.orders.get(id);
      if (!before || !order || scope.units.length > before.units.length) continue;
      const now = new Map(scope.units.map((unit, i) => [unit, i]));
      const remap = before.units.map((unit) => now.get(unit));
      const kept = remap.filter((i) => i !== undefined).length;
      if (kept !== scope.units.length) continue;
      const layers = order.layers
        .map((layer) => layer.flatMap((i) => (remap[i] === undefined ? [] : [remap[i] as number])))
        .filter((layer) => layer.length > 0);
      const parents: number[][] = Array.from({ length: scope.units.length }, () => []);
      for (const [a, b] of scope.edges) {
        const from = now.get(a);
        const to = now.get(b);
        if (from !== undefined && to !== undefined && from !== to) (parents[to] as number[]).push(from);
      }
      this.orders.set(id, { layers, parents });
    }
  }
}

type PlacedScope = ReturnType<typeof placeLayers>;

/** A frame around a single op or group would only add clutter: such a scope is drawn bare. */
function hasFrame(scope: Scope): boolean {
  return scope.id !== ROOT && scope.units.length > 1;
}

function frameSize(box: { width: number; height: number }): { width: number; height: number } {
  return { width: box.width + 2 * FRAME_PAD, height: box.height + FRAME_TITLE + FRAME_PAD };
}
