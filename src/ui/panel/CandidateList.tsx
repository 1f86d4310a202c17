import { memo, useMemo, useState } from 'react';
import { type FusionCandidate, useAppStore } from '../../store/index.ts';

const KIND_LABEL: Record<FusionCandidate['kind'], string> = {
  'conv-bn': 'BN into conv',
  'conv-mul': 'Mul into conv',
  'conv-add': 'Add into conv',
  'bn-conv': 'BN into next conv',
  'gemm-bn': 'BN into Gemm',
  'matmul-bn': 'BN into MatMul',
};

/** Rows drawn at a time: thousands of rows would slow the first view of a large model. */
const PAGE = 100;

/** Every candidate with its state; a fusible row fuses on click, any row shows its nodes. */
export const CandidateList = memo(function CandidateList() {
  const candidates = useAppStore((s) => s.snapshot?.candidates);
  const view = useAppStore((s) => s.snapshot?.view);
  const busy = useAppStore((s) => s.busy);
  const fuse = useAppStore((s) => s.fuse);
  const focusNode = useAppStore((s) => s.focusNode);
  const [limit, setLimit] = useState(PAGE);
  const nodeFor = useMemo(() => {
    const byCandidate = firstOfEach(
      view?.nodes.flatMap((n) => (n.candidateId ? [[n.candidateId, n.id] as const] : [])),
    );
    const byName = firstOfEach(view?.search.flatMap((n) => (n.name ? [[n.name, n.id] as const] : [])));
    return (c: FusionCandidate) => byCandidate.get(c.id) ?? byName.get(c.keptNode);
  }, [view]);
  if (!candidates) return null;
  // Blocked candidates first: they are what needs the user's attention.
  const ordered = [
    ...candidates.filter((c) => c.status === 'blocked'),
    ...candidates.filter((c) => c.status !== 'blocked'),
  ];
  return (
    <section aria-label="Fusion candidates" className="panel-section">
      <h3>Candidates ({candidates.length})</h3>
      {candidates.length === 0 && <p className="muted">No Conv→BatchNormalization pairs left.</p>}
      <ul className="candidates">
        {ordered.slice(0, limit).map((c) => {
          const nodeId = nodeFor(c);
          return (
            <li key={c.id} className={`candidate is-${c.status}`}>
              <div className="candidate-head">
                <span className={`dot dot-${c.status}`} aria-hidden="true" />
                <button
                  type="button"
                  className="link candidate-name"
                  onClick={() => nodeId && void focusNode(nodeId)}
                  disabled={!nodeId}
                  title={c.id}
                >
                  {c.keptOp} {c.keptNode || c.output} ← {c.foldedOp}
                </button>
                {c.status === 'fusible' && (
                  <button
                    type="button"
                    className="small"
                    disabled={busy !== undefined}
                    onClick={() => void fuse([c.id])}
                    aria-label={`Fuse ${c.id}`}
                  >
                    Fuse
                  </button>
                )}
              </div>
              <div className="muted candidate-kind">
                {KIND_LABEL[c.kind]}
                {c.graphPath !== 'main' ? ` · in ${c.graphPath}` : ''}
              </div>
              {c.blocked && (
                <div className="reason">
                  <strong>{c.blocked.reason}</strong>: {c.blocked.message}
                </div>
              )}
            </li>
          );
        })}
      </ul>
      {ordered.length > limit && (
        <button type="button" className="small" onClick={() => setLimit((n) => n + PAGE)}>
          Show {Math.min(PAGE, ordered.length - limit)} more of {ordered.length - limit}
        </button>
      )}
    </section>
  );
});

/**
 * The first id for each key, in graph order, as a search for it would find: both nodes of a pair
 * carry its candidate id, and names may repeat.
 */
function firstOfEach(entries: readonly (readonly [string, string])[] = []): Map<string, string> {
  const map = new Map<string, string>();
  for (const [key, id] of entries) if (!map.has(key)) map.set(key, id);
  return map;
}
