import type { LeftCandidate } from '../../optimize/types.ts';

/** The reason the worker gives a candidate the optimizer could apply but did not (see optimize-step.ts). */
export const NOT_SELECTED = 'NOT_SELECTED';

/** The reason of a previewed candidate nothing blocks (see optimizerPreview in the worker). */
export const APPLICABLE = 'APPLICABLE';

/**
 * One place the optimizer could change (previewed) or that its last step left as it was, as a
 * line of the candidate list. These are not
 * Conv/BN-family pairs: they never count in the status counts, and they sit in groups of their own.
 */
export interface OptimizerRow extends LeftCandidate {
  /** Unique in the list: no Conv/BN row or group key starts with "optimizer-row:". */
  key: string;
  /** Everything the filter looks through, lower-cased once. */
  haystack: string;
}

/** The optimizer's rows of one pass and one reason. */
export interface OptimizerGroup {
  /** Stable across filtering, so whether the user opened it can be remembered. */
  key: string;
  label: string;
  rows: OptimizerRow[];
}

export function optimizerRowsOf(left: readonly LeftCandidate[]): OptimizerRow[] {
  return left.map((c) => ({
    ...c,
    key: `optimizer-row:${c.id}`,
    haystack: ['optimizer', c.pass, c.node, c.op, c.action, c.reason, c.message, blocked(c) ? 'blocked' : '']
      .join('\n')
      .toLowerCase(),
  }));
}

/**
 * Groups rows by pass and reason ("Optimizer no-ops: blocked (GRAPH_OUTPUT)"): blocked groups
 * first, then what was left unapplied without a block, each by label. Rows keep their order.
 */
export function groupOptimizerRows(rows: readonly OptimizerRow[]): OptimizerGroup[] {
  const groups = new Map<string, OptimizerGroup>();
  for (const row of rows) {
    const key = `optimizer:${row.pass}:${row.reason}`;
    let group = groups.get(key);
    if (!group) {
      const what = blocked(row) ? `blocked (${row.reason})` : row.reason === APPLICABLE ? 'applicable' : 'not applied';
      group = { key, label: `Optimizer ${row.pass}: ${what}`, rows: [] };
      groups.set(key, group);
    }
    group.rows.push(row);
  }
  return [...groups.values()].sort(
    (a, b) => Number(!isBlocked(a)) - Number(!isBlocked(b)) || a.label.localeCompare(b.label),
  );
}

/** Whether the optimizer's reason is a block (not merely "not applied in this run", or "applicable"). */
export function blocked(c: Pick<LeftCandidate, 'reason'>): boolean {
  return c.reason !== NOT_SELECTED && c.reason !== APPLICABLE;
}

function isBlocked(group: OptimizerGroup): boolean {
  return group.rows[0] !== undefined && blocked(group.rows[0]);
}

/** The row's tooltip: the node, what the pass would do, and why it did not. */
export function optimizerRowTitle(row: OptimizerRow): string {
  return [`${row.op} ${row.node}`, `${row.pass}: ${row.action}`, `${row.reason}: ${row.message}`].join('\n');
}
