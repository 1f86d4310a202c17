import type { StateCreator } from 'zustand';
import type { DiffAnswer, ModelSnapshot } from '../worker/protocol.ts';
import { callWorker } from './run.ts';
import type { AppState } from './types.ts';

export type {
  ChangeStatus,
  DiffCounts,
  GraphDiff,
  NodeChange,
  NodeDifference,
  ValueChange,
} from '../compare/graph-diff/index.ts';
export type { DiffAnswer };

export type DiffSide = 'original' | 'current';

export interface DiffSlice {
  /** The side-by-side view of the opened and the current model is shown. */
  diffOpen: boolean;
  /** The worker's diff for `snapshot` (the current model at the time it was asked). */
  diff: (DiffAnswer & { snapshot: ModelSnapshot }) | undefined;
  /** A change of `diff.diff.nodes` to centre on both sides; `serial` re-centres the same one again. */
  diffFocus: { change: number; serial: number } | undefined;
  /** The node selected in the diff view on each side (a node and its match). */
  diffSelection: { original?: string; current?: string } | undefined;
  /** Opens the diff view, or closes it when open. */
  toggleDiff: () => Promise<void>;
  /** Asks the worker for the diff of the current model (again after every edit, undo or redo). */
  refreshDiff: () => Promise<void>;
  focusChange: (index: number) => void;
  selectInDiff: (selection: { original?: string; current?: string } | undefined) => void;
}

export const createDiffSlice: StateCreator<AppState, [], [], DiffSlice> = (set, get, api) => {
  // Every new snapshot (an edit, undo, redo, a group opened, another model) makes the diff stale.
  api.subscribe((state, previous) => {
    if (state.diffOpen && state.snapshot !== previous.snapshot) void get().refreshDiff();
  });
  return {
    diffOpen: false,
    diff: undefined,
    diffFocus: undefined,
    diffSelection: undefined,

    async toggleDiff() {
      if (get().diffOpen) {
        set({ diffOpen: false, diff: undefined, diffFocus: undefined, diffSelection: undefined });
        return;
      }
      set({ diffOpen: true });
      await get().refreshDiff();
    },

    async refreshDiff() {
      const snapshot = get().snapshot;
      if (!snapshot) return;
      const response = await callWorker(set, 'diff', {});
      // A later edit may have replaced the model while the worker answered: its own refresh follows.
      if (!response || get().snapshot !== snapshot || !get().diffOpen) return;
      const { diff, original, ids } = response;
      set({ diff: { diff, original, ids, snapshot } });
    },

    focusChange(index) {
      set({ diffFocus: { change: index, serial: (get().diffFocus?.serial ?? 0) + 1 } });
    },

    selectInDiff(selection) {
      set({ diffSelection: selection });
    },
  };
};
