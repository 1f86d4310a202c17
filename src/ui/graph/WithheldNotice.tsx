import { useAppStore } from '../../store/index.ts';

/**
 * Shown instead of the graph when it would draw more nodes than the auto-layout limit: says why,
 * what still works, and offers to go on.
 */
export function WithheldNotice({ nodes, limit }: { nodes: number; limit: number }) {
  const drawAll = useAppStore((s) => s.drawAll);
  const busy = useAppStore((s) => s.busy);
  return (
    <div className="withheld-notice" role="note" aria-label="Graph not drawn">
      <p>
        This graph would draw {nodes.toLocaleString('en-US')} nodes. Auto-layout stops at{' '}
        {limit.toLocaleString('en-US')} so the tab stays responsive; the candidate list, search, fusion, Compare and
        Download work as usual.
      </p>
      <button type="button" onClick={() => void drawAll()} disabled={busy !== undefined}>
        Draw anyway
      </button>
    </div>
  );
}
