/** One node selected or unselected, as React Flow reports it (a NodeSelectionChange). */
export interface SelectionChange {
  id: string;
  selected: boolean;
}

/**
 * The selection after React Flow's changes (box select, shift-click), in the order nodes joined
 * it. `selectable` says which ids may be selected at all: frames and closed groups are not nodes
 * an edit can act on.
 */
export function applySelectionChanges(
  current: readonly string[],
  changes: readonly SelectionChange[],
  selectable: (id: string) => boolean,
): string[] {
  const next = new Set(current);
  for (const change of changes) {
    if (!change.selected) next.delete(change.id);
    else if (selectable(change.id)) next.add(change.id);
  }
  return [...next];
}
