import { memo } from 'react';
import { useAppStore } from '../../store/index.ts';
import { useTidyLayout } from './useViewportActions.ts';

/** "Tidy layout": lays the graph out again, closing the gaps fusions left (see useTidyLayout). */
export const TidyLayoutButton = memo(function TidyLayoutButton() {
  const tidy = useTidyLayout();
  const drawn = useAppStore((s) => s.snapshot !== undefined && !s.snapshot.view.withheld);
  const idle = useAppStore((s) => s.busy === undefined && s.loading === undefined);
  return (
    <button
      type="button"
      onClick={() => void tidy()}
      disabled={!idle || !drawn}
      title="Lay the graph out again, closing the gaps fused nodes left (fusing keeps everything else in place)"
    >
      Tidy layout
    </button>
  );
});
