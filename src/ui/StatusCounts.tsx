import { memo } from 'react';
import { useAppStore } from '../store/index.ts';

/** The counts, always visible, in role "status": "3 fusible · 1 blocked · 2 fused". */
export const StatusCounts = memo(function StatusCounts() {
  const counts = useAppStore((s) => s.snapshot?.counts);
  return (
    <div className="counts" role="status" aria-live="polite">
      {counts ? `${counts.fusible} fusible · ${counts.blocked} blocked · ${counts.fused} fused` : 'No model'}
    </div>
  );
});
