import { useReactFlow, useStoreApi } from '@xyflow/react';
import { useCallback } from 'react';
import { useAppStore } from '../../store/index.ts';
import { anchorFor, focusOn, readableFit, viewportKeeping } from './viewport.ts';

/**
 * "Fit view" (F, and the fit button) at a readable zoom: the selected node and its neighbours,
 * or the graph (a long one fitted to its width). React Flow's own fitView shrinks a 1,000-node
 * chain to a column of dots.
 */
export function useReadableFit(): () => void {
  const flow = useStoreApi();
  const { setViewport } = useReactFlow();
  return useCallback(() => {
    const { snapshot, selectedNode } = useAppStore.getState();
    const view = snapshot?.view;
    if (!view || view.withheld) return;
    const { width, height, transform } = flow.getState();
    if (width === 0 || height === 0) return;
    const graph = { x: 0, y: 0, width: view.width, height: view.height };
    const current = { x: transform[0], y: transform[1], zoom: transform[2] };
    void setViewport(readableFit({ width, height }, graph, current, focusOn(view, selectedNode)), { duration: 200 });
  }, [flow, setViewport]);
}

/**
 * "Tidy layout": lays the graph out again in the worker, then moves the view so that the selected
 * node (or, with none, the node nearest the middle) stays where it was on screen.
 */
export function useTidyLayout(): () => Promise<void> {
  const flow = useStoreApi();
  const { setViewport } = useReactFlow();
  const tidyLayout = useAppStore((s) => s.tidyLayout);
  return useCallback(async () => {
    const { snapshot, selectedNode } = useAppStore.getState();
    const { width, height, transform } = flow.getState();
    const zoom = transform[2];
    const anchor =
      snapshot &&
      anchorFor({ width, height }, { x: transform[0], y: transform[1], zoom }, snapshot.view.nodes, selectedNode);
    await tidyLayout();
    const after = useAppStore.getState().snapshot?.view;
    if (!anchor || !after || after === snapshot?.view) return;
    const next = viewportKeeping(anchor, after.nodes, zoom);
    if (next) void setViewport(next);
  }, [flow, setViewport, tidyLayout]);
}
