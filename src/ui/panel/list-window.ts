import type { RowGroup } from './candidate-groups.ts';
import type { CandidateRow } from './candidate-rows.ts';
import type { OptimizerGroup, OptimizerRow } from './optimizer-rows.ts';

/**
 * A line of the list: a group's header, or one of its rows when the group is open; the Conv/BN
 * family's groups, or the optimizer's (what its last step left as it was).
 */
export type ListLine =
  | { type: 'group'; group: RowGroup; open: boolean }
  | { type: 'row'; row: CandidateRow; group: RowGroup }
  | { type: 'optimizer-group'; group: OptimizerGroup; open: boolean }
  | { type: 'optimizer-row'; row: OptimizerRow; group: OptimizerGroup };

/** The groups' headers, each followed by its rows when it is open; the optimizer's groups last. */
export function linesOf(
  groups: readonly RowGroup[],
  isOpen: (group: { key: string }) => boolean,
  optimizerGroups: readonly OptimizerGroup[] = [],
): ListLine[] {
  const lines: ListLine[] = [];
  for (const group of groups) {
    const open = isOpen(group);
    lines.push({ type: 'group', group, open });
    if (open) for (const row of group.rows) lines.push({ type: 'row', row, group });
  }
  for (const group of optimizerGroups) {
    const open = isOpen(group);
    lines.push({ type: 'optimizer-group', group, open });
    if (open) for (const row of group.rows) lines.push({ type: 'optimizer-row', row, group });
  }
  return lines;
}

/** A line's key among its siblings: group keys and row keys never collide. */
export function lineKey(line: ListLine): string {
  return line.type === 'group' || line.type === 'optimizer-group' ? line.group.key : line.row.key;
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
