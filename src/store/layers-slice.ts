import type { StateCreator } from 'zustand';
import type { InputTensor } from '../compare/inputs.ts';
import type { LayerReport } from '../compare/layers.ts';
import type { CompareProgress } from '../compare/progress.ts';
import { type CheckMode, ELEMENTWISE } from '../compare/stats.ts';
import { ComparisonCancelled } from '../runtime/client.ts';
import { type RunningLayers, startLayerComparison } from '../runtime/layers-client.ts';
import type { ModelFiles, Provider } from '../runtime/protocol.ts';
import type { AppState } from './types.ts';

/**
 * What the last comparison ran: the two models, the inputs and how; "Compare layers" compares the
 * same two models on the same inputs, value by value. `graphSide` is the model the graph on screen
 * shows: the changed model ("fused") against the model as opened, the loaded model ("original",
 * the reference) after "Compare with file…".
 */
export interface LayerRunSource {
  original: ModelFiles;
  fused: ModelFiles;
  inputs: InputTensor[];
  labels: { reference: string; actual: string };
  graphSide: 'original' | 'fused';
  provider: Provider;
  threads: number;
  /** The model on screen when it ran (see modelKey): colours of another model's layers are not drawn. */
  modelKey: string;
}

/** A finished layer comparison as the page shows it. */
export interface LayerRun extends LayerReport {
  labels: LayerRunSource['labels'];
  graphSide: LayerRunSource['graphSide'];
  modelKey: string;
}

export interface LayersSlice {
  /** Set by each comparison run (compare-slice), read by "Compare layers". */
  layerSource: LayerRunSource | undefined;
  layersProgress: CompareProgress | undefined;
  layerRun: LayerRun | undefined;
  layersError: string | undefined;
  /** Graph nodes coloured by their output's error (while a layer run for this model exists). */
  layerColours: boolean;
  /** How each layer is judged: elementwise, or a statistic (max, mean, median, a quantile). */
  layerMode: CheckMode;
  compareLayers: () => Promise<void>;
  cancelLayers: () => void;
  setLayerColours: (on: boolean) => void;
  setLayerMode: (mode: CheckMode) => void;
}

/**
 * Which model the graph shows: the history of edits from the opened file (an undo and another
 * fusion give another key). Colours are drawn only while it matches the run's.
 */
export function modelKey(state: Pick<AppState, 'snapshot' | 'source'>): string {
  const snapshot = state.snapshot;
  return snapshot ? `${snapshot.name}\n${JSON.stringify(snapshot.steps)}` : '';
}

let running: RunningLayers | undefined;
/** Cancel came while the comparison that comes first was running. */
let cancelled = false;

export const createLayersSlice: StateCreator<AppState, [], [], LayersSlice> = (set, get) => ({
  layerSource: undefined,
  layersProgress: undefined,
  layerRun: undefined,
  layersError: undefined,
  layerColours: true,
  layerMode: ELEMENTWISE,

  async compareLayers() {
    if (running || get().layersProgress) return;
    cancelled = false;
    set({ layersError: undefined, layersProgress: { stage: 'preparing', step: 0, total: 0 } });
    try {
      // The layers of the comparison last run; with none for this model, run the comparison first.
      if (get().layerSource?.modelKey !== modelKey(get()) || get().compareProgress) {
        set({ layersProgress: { stage: 'comparing outputs first', step: 0, total: 0 } });
        await get().runCompare();
      }
      const source = get().layerSource;
      if (cancelled) throw new ComparisonCancelled();
      if (!source || source.modelKey !== modelKey(get())) {
        set({ layersError: 'Run the comparison first: the layers are compared on the same models and inputs.' });
        return;
      }
      running = startLayerComparison(
        {
          kind: 'layers',
          original: source.original,
          fused: source.fused,
          inputs: source.inputs,
          provider: source.provider,
          threads: source.threads,
          spec: { tolerance: get().tolerance, mode: get().layerMode },
        },
        (layersProgress) => set({ layersProgress }),
      );
      const report = await running.report;
      set({
        layerRun: { ...report, labels: source.labels, graphSide: source.graphSide, modelKey: source.modelKey },
        layerColours: true,
      });
    } catch (error) {
      set({
        layersError:
          error instanceof ComparisonCancelled ? 'Cancelled.' : error instanceof Error ? error.message : String(error),
      });
    } finally {
      running = undefined;
      set({ layersProgress: undefined });
    }
  },

  cancelLayers() {
    cancelled = true;
    if (running) running.cancel();
    else if (get().compareProgress) get().cancelCompare();
  },

  setLayerColours(on) {
    set({ layerColours: on });
  },

  setLayerMode(mode) {
    set({ layerMode: mode });
  },
});
