import { useEffect } from 'react';
import { useAppStore } from '../../store/index.ts';

/**
 * Reads the inspected node's details again whenever the model changes (an edit, undo, redo): an
 * attribute just set or an initializer just replaced must show its new value, not the old one.
 */
export function useDetailsFollowModel(): void {
  const snapshot = useAppStore((s) => s.snapshot);
  useEffect(() => {
    if (!snapshot) return;
    const { selectedNode, selectedNodes, setSelection, details } = useAppStore.getState();
    if (selectedNode !== undefined && details !== undefined) void setSelection(selectedNodes, selectedNode);
  }, [snapshot]);
}
