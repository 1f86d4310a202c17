import { useMemo } from 'react';
import { useAppStore } from '../../store/index.ts';
import { nodeRefs } from './node-ref.ts';

/** How edits name the drawn op node with view id `id` (undefined for inputs, outputs, groups). */
export function useNodeRef(id: string | undefined): string | undefined {
  const view = useAppStore((s) => s.snapshot?.view);
  return useMemo(() => {
    const node = id === undefined ? undefined : view?.nodes.find((n) => n.id === id);
    return view && node ? nodeRefs(view)(node) : undefined;
  }, [view, id]);
}
