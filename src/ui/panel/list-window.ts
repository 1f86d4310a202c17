import type { RowGroup } from './candidate-groups.ts';
import type { CandidateRow } from './candidate-rows.ts';

/** A line of the list: a group's header, or one of its rows when the group is open. */
export type ListLine =
  | { type: 'group'; group: RowGroup; open: boolean }
  | { type: 'row'; row: CandidateRow; group: RowGroup };

/** The groups' headers, each followed by its rows when it is open. */
export function linesOf(groups: readonly RowGroup[], isOpen: (group: RowGroup) => boolean): ListLine[] {
  const lines: ListLine[] = [];
  for (const group of groups) {
    const open = isOpen(group);
    lines.push({ type: 'group', group, open });
    if (open) for (const row of group.rows) lines.push({ type: 'row', row, group });
  }
  return lines;
}

/**
 * The lines to put in the DOM for a scrolled viewport of equal-height lines: those in view and
 * `overscan` more on each side, so a list of thousands keeps a few dozen elements.
 */
export function visibleRange(
  scrollTop: number,
  viewportHeight: number,
  lineHeight: number,
  count: number,
  overscan: number,
): { start: number; end: number } {
  const first = Math.floor(Math.max(0, scrollTop) / lineHeight);
  const start = Math.max(0, Math.min(first, count) - overscan);
  const end = Math.min(count, first + Math.ceil(viewportHeight / lineHeight) + overscan);
  return { start, end: Math.max(start, end) };
}
