import { useEffect } from 'react';
import { useAppStore } from '../store/index.ts';
import { useReadableFit } from './graph/useViewportActions.ts';

/**
 * Ctrl+Z undo, Ctrl+Shift+Z (or Ctrl+Y) redo, F fits the graph (or the selected node and its
 * neighbours) at a readable zoom; not while typing in a field.
 */
export function useShortcuts(): void {
  const undo = useAppStore((s) => s.undo);
  const redo = useAppStore((s) => s.redo);
  const fitReadably = useReadableFit();
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable)) return;
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      if (mod && key === 'z') {
        event.preventDefault();
        void (event.shiftKey ? redo() : undo());
      } else if (mod && key === 'y') {
        event.preventDefault();
        void redo();
      } else if (!mod && !event.altKey && key === 'f') {
        event.preventDefault();
        fitReadably();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [undo, redo, fitReadably]);
}
