import type { CandidateRow, RowStatus } from './candidate-rows.ts';

export type GroupBy = 'kind' | 'scope';

export interface RowGroup {
  /** Stable across filtering and fusing, so whether the user opened it can be remembered. */
  key: string;
  label: string;
  /** The status all of its rows share, when grouped by kind. */
  status?: RowStatus;
  rows: CandidateRow[];
  counts: Record<RowStatus, number>;
}

/** Blocked first (what needs the user's attention), then what can be fused, then what was. */
const STATUS_ORDER: Record<RowStatus, number> = { blocked: 0, fusible: 1, fused: 2 };

/** Rows with no name scope are grouped under this label. */
export const TOP_LEVEL = '(top level)';

/**
 * Groups rows by kind: one group per block reason, then "Fusible", then "Fused". Only groups
 * with rows are returned; rows keep their order (the graph's).
 */
export function groupByKind(rows: readonly CandidateRow[]): RowGroup[] {
  const groups = new Map<string, RowGroup>();
  for (const row of rows) {
    const key = row.status === 'blocked' ? `blocked:${row.blocked?.reason ?? 'unknown'}` : row.status;
    let group = groups.get(key);
    if (!group) {
      const label = row.status === 'blocked' ? `Blocked: ${row.blocked?.reason ?? 'unknown'}` : capitalize(row.status);
      group = { key, label, status: row.status, rows: [], counts: emptyCounts() };
      groups.set(key, group);
    }
    add(group, row);
  }
  return [...groups.values()].sort(
    (a, b) =>
      STATUS_ORDER[a.status as RowStatus] - STATUS_ORDER[b.status as RowStatus] || a.label.localeCompare(b.label),
  );
}

/**
 * How deep to group by scope: one level below the scope every row shares, so that a model whose
 * nodes all sit under "model/backbone" is grouped by what is inside it, not into one group.
 */
export function scopeDepth(rows: readonly CandidateRow[]): number {
  let common: readonly string[] | undefined;
  for (const row of rows) {
    if (!common) {
      common = row.scope;
      continue;
    }
    let n = 0;
    while (n < common.length && n < row.scope.length && common[n] === row.scope[n]) n++;
    common = common.slice(0, n);
    if (common.length === 0) break;
  }
  return (common?.length ?? 0) + 1;
}

/**
 * Groups rows by the first `depth` levels of their scope (rows in a shallower scope go into the
 * group of their own scope). Groups and the rows in each are in natural order of their names
 * ("stage2" before "stage10"): where they are in the model, fused or not, as exporters number
 * their modules in order.
 */
export function groupByScope(rows: readonly CandidateRow[], depth: number): RowGroup[] {
  const groups = new Map<string, RowGroup>();
  for (const row of rows) {
    const path = row.scope.slice(0, depth).join('/');
    const key = `scope:${path}`;
    let group = groups.get(key);
    if (!group) {
      group = { key, label: path || TOP_LEVEL, rows: [], counts: emptyCounts() };
      groups.set(key, group);
    }
    add(group, row);
  }
  const collator = new Intl.Collator('en', { numeric: true });
  const sorted = [...groups.values()].sort(
    (a, b) => Number(b.label === TOP_LEVEL) - Number(a.label === TOP_LEVEL) || collator.compare(a.label, b.label),
  );
  for (const group of sorted)
    group.rows.sort(
      (a, b) => collator.compare(a.keptNode, b.keptNode) || STATUS_ORDER[a.status] - STATUS_ORDER[b.status],
    );
  return sorted;
}

/** "99 fusible · 1 fused": the non-zero counts of a group. */
export function countsText(counts: Record<RowStatus, number>): string {
  return (['fusible', 'blocked', 'fused'] as const)
    .filter((s) => counts[s] > 0)
    .map((s) => `${counts[s]} ${s}`)
    .join(' · ');
}

function add(group: RowGroup, row: CandidateRow): void {
  group.rows.push(row);
  group.counts[row.status]++;
}

function emptyCounts(): Record<RowStatus, number> {
  return { fusible: 0, blocked: 0, fused: 0 };
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
