import { useEffect } from 'react';
import { useAppStore } from '../store/index.ts';
import { hasUnsavedChanges } from '../store/unsaved.ts';

/**
 * While the model holds changes that were never downloaded or saved, leaving or reloading the page
 * asks first: the history lives only in this tab. The listener exists only while there is
 * something to lose, so an unchanged page leaves without a prompt.
 */
export function useUnsavedGuard(): void {
  const unsaved = useAppStore((s) => hasUnsavedChanges(s.snapshot, s.savedKey));
  useEffect(() => {
    if (!unsaved) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older Chromium versions show the prompt only when returnValue is set.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [unsaved]);
}
