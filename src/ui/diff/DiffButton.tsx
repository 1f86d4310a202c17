import { memo } from 'react';
import { useAppStore } from '../../store/index.ts';

/** Opens (and closes) the side-by-side diff of the opened and the current model. */
export const DiffButton = memo(function DiffButton() {
  const open = useAppStore((s) => s.diffOpen);
  const hasModel = useAppStore((s) => s.snapshot !== undefined);
  const toggleDiff = useAppStore((s) => s.toggleDiff);
  return (
    <button
      type="button"
      aria-label="Show diff"
      aria-pressed={open}
      title="The model as opened beside the current one, with what was removed, added and changed (Esc closes)"
      disabled={!hasModel}
      onClick={() => void toggleDiff()}
    >
      Diff
    </button>
  );
});
