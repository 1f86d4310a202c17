import { type AppState, useAppStore } from '../../store/index.ts';
import { modelKey } from '../../store/layers-slice.ts';
import { heatByNode, type NodeHeat } from './layer-heat.ts';
import './layer-heat.css';

let cached: { run: AppState['layerRun']; search: unknown; heat: Map<string, NodeHeat> } | undefined;

/**
 * The heat of every node, worked out once per layer run and graph (not once per node card), or
 * undefined when colours are off or the run was for another state of the model.
 */
export function graphHeat(state: AppState): Map<string, NodeHeat> | undefined {
  const run = state.layerRun;
  const search = state.snapshot?.view.search;
  if (!run || !search || !state.layerColours || run.modelKey !== modelKey(state)) return undefined;
  if (cached?.run !== run || cached.search !== search) {
    cached = { run, search, heat: heatByNode(run, run.graphSide, search) };
  }
  return cached.heat;
}

/** A node card's heat: the same object while nothing changes, so cards re-render only when theirs does. */
export function useNodeHeat(nodeId: string): NodeHeat | undefined {
  return useAppStore((s) => graphHeat(s)?.get(nodeId));
}
