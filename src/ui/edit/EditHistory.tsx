import { memo } from 'react';
import { useAppStore } from '../../store/index.ts';
import { HistoryList } from './HistoryList.tsx';

/** The history panel: every step with its line; a click shows the model as it was after that step. */
export const EditHistory = memo(function EditHistory() {
  const name = useAppStore((s) => s.snapshot?.name);
  const history = useAppStore((s) => s.snapshot?.history);
  const current = useAppStore((s) => s.snapshot?.current ?? 0);
  const idle = useAppStore((s) => s.busy === undefined && s.loading === undefined);
  const goToStep = useAppStore((s) => s.goToStep);
  if (name === undefined || !history) return null;
  return (
    <HistoryList
      opened={name}
      entries={history}
      current={current}
      disabled={!idle}
      onGo={(step) => void goToStep(step)}
    />
  );
});
