import type { StateCreator, StoreApi } from 'zustand';
import type { InputTensor } from '../compare/inputs.ts';
import { type JudgeOptions, judgePairs, verdictOver } from '../compare/judge.ts';
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
  /** The comparison's setup when it ran (see comparisonSetup): another setup needs another run. */
  setup: readonly unknown[];
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
  /**
   * How the comparison's outputs are judged beyond the panel's atol/rtol (Polygraphy's
   * --check-error-stat and per-output tolerances); every comparison is judged with it.
   */
  outputCheck: JudgeOptions;
  /** Sets the check and judges the last comparison's outputs again (nothing runs again). */
  setOutputCheck: (check: JudgeOptions) => void;
}

/**
 * Which model the graph shows: the history of edits from the opened file (an undo and another
 * fusion give another key). Colours are drawn only while it matches the run's.
 */
export function modelKey(state: Pick<AppState, 'snapshot' | 'source'>): string {
  const snapshot = state.snapshot;
  return snapshot ? `${snapshot.name}\n${JSON.stringify(snapshot.steps)}` : '';
}

/**
 * What a comparison was set up with, by identity: the store replaces these objects whenever they
 * change (another file to compare with, other inputs, options or picture), so equal lists mean the
 * same setup.
 */
export function comparisonSetup(state: AppState): readonly unknown[] {
  return [state.compareWith, state.inputChoices, state.compareOptions, state.image, state.normalization];
}

function sameSetup(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** The last comparison's models and inputs, when they are those the panel would compare now. */
function currentSource(state: AppState): LayerRunSource | undefined {
  const source = state.layerSource;
  if (!source || source.modelKey !== modelKey(state) || !sameSetup(source.setup, comparisonSetup(state))) return;
  return source;
}

let running: RunningLayers | undefined;
/** Cancel came while the comparison that comes first was running. */
let cancelled = false;

/** Resolves once no comparison is running (the Compare button starts one as it opens the panel). */
function comparisonIdle(api: StoreApi<AppState>): Promise<void> {
  return new Promise((resolve) => {
    if (!api.getState().compareProgress) {
      resolve();
      return;
    }
    const stop = api.subscribe((state) => {
      if (state.compareProgress) return;
      stop();
      resolve();
    });
  });
}

export const createLayersSlice: StateCreator<AppState, [], [], LayersSlice> = (set, get, api) => ({
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
      // The layers of the comparison last run, once it has finished; with none for this model and
      // setup, the comparison runs first.
      await comparisonIdle(api);
      if (!cancelled && !currentSource(get())) {
        set({ layersProgress: { stage: 'comparing outputs first', step: 0, total: 0 } });
        await get().runCompare();
      }
      const source = currentSource(get());
      if (cancelled) throw new ComparisonCancelled();
      if (!source) {
        set({
          layersError: get().compareError
            ? 'The layers were not compared: the comparison of outputs could not run (see above).'
            : 'Run the comparison first: the layers are compared on the same models and inputs.',
        });
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

  outputCheck: {},

  setOutputCheck(outputCheck) {
    set({ outputCheck });
    const { compareRaw, compareReport, tolerance } = get();
    if (!compareRaw || !compareReport) return;
    const outputs = judgePairs(compareRaw, tolerance, outputCheck);
    set({ compareReport: { ...compareReport, outputs, ...verdictOver(outputs, compareReport.matching) } });
  },
});
