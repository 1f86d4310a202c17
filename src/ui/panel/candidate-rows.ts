import type { FusedPair, FusionCandidate } from '../../fusion/types.ts';
import { scopeOf } from '../../layout/scopes.ts';

export type { FusedPair };
/** What the list reads of a candidate. */
export type ListedCandidate = FusionCandidate;

export type RowStatus = 'fusible' | 'blocked' | 'fused';

/** One line of the candidate list: a candidate of the current model, or a pair fused earlier. */
export interface CandidateRow extends Omit<FusionCandidate, 'output' | 'status'> {
  /** Unique in the list: candidate ids for candidates; fused pairs carry their step too. */
  key: string;
  status: RowStatus;
  /** For a fused pair: the step that fused it. */
  step?: number;
  /** The kept node's name scope, under its subgraph's path when it is in one. */
  scope: string[];
  /** Everything the filter looks through, lower-cased once (the list filters on every key press). */
  haystack: string;
}

/** The candidates, then the pairs fused so far, as rows. */
export function rowsOf(candidates: readonly ListedCandidate[], fused: readonly FusedPair[]): CandidateRow[] {
  const rows: CandidateRow[] = [];
  for (const c of candidates) {
    rows.push(
      row(c.id, c.status, c, {
        keptNode: c.keptNode || c.output,
        ...(c.blocked ? { blocked: c.blocked } : {}),
      }),
    );
  }
  for (const p of fused) rows.push(row(`fused:${p.step}:${p.id}`, 'fused', p, { keptNode: p.keptNode, step: p.step }));
  return rows;
}

type PairFields = Pick<CandidateRow, 'id' | 'kind' | 'graphPath' | 'keptOp' | 'foldedNode' | 'foldedOp'>;

function row(
  key: string,
  status: RowStatus,
  pair: PairFields,
  extra: Pick<CandidateRow, 'keptNode'> & Partial<Pick<CandidateRow, 'blocked' | 'step'>>,
): CandidateRow {
  const { id, kind, graphPath, keptOp, foldedNode, foldedOp } = pair;
  const { keptNode } = extra;
  const scope = graphPath === 'main' ? scopeOf(keptNode) : [graphPath, ...scopeOf(keptNode)];
  const haystack = [
    keptNode,
    keptOp,
    foldedNode,
    foldedOp,
    kind,
    status,
    graphPath,
    extra.blocked?.reason ?? '',
    extra.blocked?.message ?? '',
  ]
    .join('\n')
    .toLowerCase();
  return { ...extra, key, id, status, kind, graphPath, keptOp, foldedNode, foldedOp, scope, haystack };
}

/**
 * Whether a row matches what was typed in the filter: every word of it (case-insensitive)
 * somewhere in the node names, op types, fusion kind, status or block reason.
 */
export function matchesFilter(row: CandidateRow, words: readonly string[]): boolean {
  return words.every((w) => row.haystack.includes(w));
}

/** The filter text as lower-case words; none when it is blank. */
export function filterWords(text: string): string[] {
  return text.toLowerCase().split(/\s+/).filter(Boolean);
}
