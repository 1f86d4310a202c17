import type { StateCreator } from 'zustand';
import type { LeftCandidate } from '../worker/protocol.ts';
import { callWorker } from './run.ts';
import type { AppState } from './types.ts';
import { historyKey } from './unsaved.ts';

export interface OptimizerSlice {
  /**
   * What the optimizer's passes would change, found for one point in the history (`key`, see
   * historyKey) when the user asked. A preview of another point is stale and not shown.
   */
  optimizerPreview: { key: string; candidates: LeftCandidate[] } | undefined;
  /** Asks the worker what each pass would change in the current model, applying nothing. */
  findOptimizerCandidates: () => Promise<void>;
  /** Applies one of the optimizer's candidates alone, as one step of the history. */
  applyOptimizerCandidate: (candidate: Pick<LeftCandidate, 'id' | 'pass'>) => Promise<void>;
}

/** The preview of the current point in the history, if the user asked for it there. */
export function currentOptimizerPreview(state: AppState): LeftCandidate[] | undefined {
  const { snapshot, optimizerPreview } = state;
  if (!snapshot || !optimizerPreview) return undefined;
  return optimizerPreview.key === historyKey(snapshot) ? optimizerPreview.candidates : undefined;
}

/**
 * The optimizer's candidates one at a time. Finding them runs one round of every pass in the
 * worker, which takes as long as optimizing; it waits for the user to ask, so opening a model and
 * "Fuse all" never wait for it. Once asked, the list follows each change the user applies.
 */
export const createOptimizerSlice: StateCreator<AppState, [], [], OptimizerSlice> = (set, get) => {
  const find = async () => {
    const snapshot = get().snapshot;
    if (!snapshot) return;
    const key = historyKey(snapshot);
    const response = await callWorker(set, 'optimizerCandidates', {});
    const now = get().snapshot;
    // The history moved on while the worker looked (undo, a fusion): that preview is of another model.
    if (response && now && historyKey(now) === key) set({ optimizerPreview: { key, candidates: response.candidates } });
  };
  return {
    optimizerPreview: undefined,
    async findOptimizerCandidates() {
      if (!get().snapshot || get().busy) return;
      set({ busy: 'Finding optimizer candidates…', error: undefined });
      try {
        await find();
      } finally {
        set({ busy: undefined });
      }
    },
    async applyOptimizerCandidate(candidate) {
      if (!get().snapshot || get().busy) return;
      set({ busy: 'Optimizing…', error: undefined });
      try {
        const response = await callWorker(set, 'optimize', { passes: [candidate.pass], only: [candidate.id] });
        if (!response) return;
        set({ snapshot: response.snapshot });
        await find();
      } finally {
        set({ busy: undefined });
      }
    },
  };
};
