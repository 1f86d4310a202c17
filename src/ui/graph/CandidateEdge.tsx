import { BaseEdge, EdgeLabelRenderer, type EdgeProps, getBezierPath } from '@xyflow/react';
import { memo } from 'react';
import { useAppStore } from '../../store/index.ts';
import type { CandidateFlowEdge } from './flow-types.ts';

/** The edge between the two nodes of a candidate, with a marker: a fuse button, or the reason it is blocked. */
export const CandidateEdge = memo(function CandidateEdge(props: EdgeProps<CandidateFlowEdge>) {
  const { sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, markerEnd, data } = props;
  const fuse = useAppStore((s) => s.fuse);
  const busy = useAppStore((s) => s.busy);
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition });
  const view = data?.view;
  const fusible = view?.status === 'fusible';
  const candidate = useAppStore((s) => s.snapshot?.candidates.find((c) => c.id === view?.candidateId));
  return (
    <>
      <BaseEdge
        path={path}
        {...(markerEnd ? { markerEnd } : {})}
        className={fusible ? 'edge-fusible' : 'edge-blocked'}
      />
      <EdgeLabelRenderer>
        <div
          className="edge-marker nodrag nopan"
          style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
        >
          {fusible ? (
            <button
              type="button"
              className="edge-fuse"
              disabled={busy !== undefined}
              title="Fuse this pair"
              aria-label={`Fuse pair ${view?.candidateId ?? ''}`}
              onClick={() => view?.candidateId && void fuse([view.candidateId])}
            >
              ⊕ fuse
            </button>
          ) : (
            <span className="edge-blocked-marker" title={candidate?.blocked?.message ?? 'blocked'}>
              ⊘ {candidate?.blocked?.reason ?? 'blocked'}
            </span>
          )}
        </div>
      </EdgeLabelRenderer>
    </>
  );
});
