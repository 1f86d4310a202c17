import { enclosingGroups, scopeOf } from '../../layout/scopes.ts';
import type { ChangeStatus, DiffAnswer, DiffSide, GraphView, NodeChange } from '../../store/index.ts';

/** How a drawn node is coloured: its own change, or, for a closed group, that it holds some. */
export type DiffMark = ChangeStatus | 'contains';

/** What one side of the diff view marks and how its nodes pair with the other side's. */
export interface SideMarks {
  /** Drawn node id → mark. */
  marks: Map<string, DiffMark>;
  /** Drawn node id → the drawn id of its match on the other side. */
  partner: Map<string, string>;
}

/** What is drawn of a view, and every op's name (for the ones inside closed groups). */
export interface DrawnView {
  drawn: ReadonlySet<string>;
  names: ReadonlyMap<string, string>;
}

export function drawnView(view: GraphView): DrawnView {
  return { drawn: new Set(view.nodes.map((n) => n.id)), names: new Map(view.search.map((e) => [e.id, e.name])) };
}

/**
 * The drawn node that shows view node `id`: itself when drawn, else the innermost drawn group
 * around it (large models open with their name-scope groups closed).
 */
export function drawnId({ drawn, names }: DrawnView, id: string): string | undefined {
  if (drawn.has(id)) return id;
  const name = names.get(id);
  if (name === undefined) return undefined;
  const groups = enclosingGroups(scopeOf(name));
  for (let k = groups.length - 1; k >= 0; k--) {
    const group = groups[k] as string;
    if (drawn.has(group)) return group;
  }
  return undefined;
}

/** The view id on `side` of the node that shows a change there (the node, or the If/Loop holding it). */
export function changeTarget(answer: DiffAnswer, change: NodeChange, side: DiffSide): string | undefined {
  const index = change.anchor[side];
  return index === undefined ? undefined : answer.ids[side][index] || undefined;
}

/**
 * Each side's marks: removed nodes on the original, added on the current, changed on both;
 * closed groups holding a change marked as such. And which drawn node pairs with which.
 */
export function diffMarks(answer: DiffAnswer, current: GraphView): Record<DiffSide, SideMarks> {
  const views: Record<DiffSide, DrawnView> = { original: drawnView(answer.original), current: drawnView(current) };
  const result: Record<DiffSide, SideMarks> = {
    original: { marks: new Map(), partner: new Map() },
    current: { marks: new Map(), partner: new Map() },
  };
  for (const change of answer.diff.nodes) {
    for (const side of ['original', 'current'] as const) {
      const id = changeTarget(answer, change, side);
      if (!id) continue;
      const shown = drawnId(views[side], id);
      if (!shown) continue;
      // A change inside a subgraph shows on its If/Loop as "changed"; a node's own status wins over that.
      const own: ChangeStatus = change.graph === 'main' ? change.status : 'changed';
      const mark: DiffMark = shown === id ? own : 'contains';
      const before = result[side].marks.get(shown);
      if (!before || before === 'contains') result[side].marks.set(shown, mark);
    }
  }
  for (const [i, j] of answer.diff.matched) {
    const left = answer.ids.original[i];
    const right = answer.ids.current[j];
    if (!left || !right) continue;
    const a = drawnId(views.original, left);
    const b = drawnId(views.current, right);
    if (!a || !b) continue;
    if (!result.original.partner.has(a)) result.original.partner.set(a, b);
    if (!result.current.partner.has(b)) result.current.partner.set(b, a);
  }
  return result;
}
