import { useMemo } from 'react';
import type { GraphView } from '../../store/index.ts';
import type { CandidateRow } from './candidate-rows.ts';

/**
 * The node a row brings into view: the first node of a candidate's pair, as the view marks it;
 * else (a fused pair, or a pair in a closed group) the first op of the kept node's name. Only the
 * main graph is drawn, so a pair inside a subgraph has no node to show.
 */
export function useNodeLookup(view: GraphView | undefined): (row: CandidateRow) => string | undefined {
  return useMemo(() => {
    const byCandidate = firstOfEach(
      view?.nodes.flatMap((n) => (n.candidateId ? [[n.candidateId, n.id] as const] : [])),
    );
    const byName = firstOfEach(view?.search.flatMap((n) => (n.name ? [[n.name, n.id] as const] : [])));
    return (row: CandidateRow) => {
      if (row.graphPath !== 'main') return undefined;
      return (row.status === 'fused' ? undefined : byCandidate.get(row.id)) ?? byName.get(row.keptNode);
    };
  }, [view]);
}

/**
 * The first id for each key, in graph order, as a search for it would find: both nodes of a pair
 * carry its candidate id, and names may repeat.
 */
function firstOfEach(entries: readonly (readonly [string, string])[] = []): Map<string, string> {
  const map = new Map<string, string>();
  for (const [key, id] of entries) if (!map.has(key)) map.set(key, id);
  return map;
}
