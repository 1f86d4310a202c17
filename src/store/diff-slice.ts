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
} from '../view/graph-diff/index.ts';
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
  /**
   * Centres change `index` on both sides. A node inside a closed group has its groups opened
   * first (on both sides: the original is drawn with the current view's open groups).
   */
  focusChange: (index: number) => Promise<void>;
  selectInDiff: (selection: { original?: string; current?: string } | undefined) => void;
}

export const createDiffSlice: StateCreator<AppState, [], [], DiffSlice> = (set, get, api) => {
  // The refresh under way and the snapshot it is for: asking twice for one snapshot asks the worker once.
  let pending: { snapshot: ModelSnapshot; done: Promise<void> } | undefined;
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

    refreshDiff() {
      const snapshot = get().snapshot;
      if (!snapshot) return Promise.resolve();
      if (pending?.snapshot === snapshot) return pending.done;
      const done = (async () => {
        const response = await callWorker(set, 'diff', {});
        // A later edit may have replaced the model while the worker answered: its own refresh follows.
        if (!response || get().snapshot !== snapshot || !get().diffOpen) return;
        const { diff, original, ids } = response;
        set({ diff: { diff, original, ids, snapshot } });
      })();
      pending = { snapshot, done };
      return done;
    },

    async focusChange(index) {
      const answer = get().diff;
      const nodeId = answer && revealTarget(answer, index);
      if (answer && nodeId && !answer.snapshot.view.nodes.some((n) => n.id === nodeId)) {
        const response = await callWorker(set, 'reveal', { nodeId });
        if (response) set({ snapshot: response.snapshot });
        await get().refreshDiff();
      }
      set({ diffFocus: { change: index, serial: (get().diffFocus?.serial ?? 0) + 1 } });
    },

    selectInDiff(selection) {
      set({ diffSelection: selection });
    },
  };
};

/**
 * The current model's node whose groups to open to show change `index`: the node itself, or for
 * a removed node, the current match of the nearest matched node before it in the original (the
 * conv a BN was folded into): its name scopes are the removed node's neighbours'.
 */
function revealTarget(answer: DiffAnswer, index: number): string | undefined {
  const change = answer.diff.nodes[index];
  if (!change) return undefined;
  if (change.anchor.current !== undefined) return answer.ids.current[change.anchor.current] || undefined;
  const removedAt = change.anchor.original;
  if (removedAt === undefined) return undefined;
  let best: [number, number] | undefined;
  for (const pair of answer.diff.matched) {
    if (pair[0] < removedAt && (!best || pair[0] > best[0])) best = pair;
  }
  return best ? answer.ids.current[best[1]] || undefined : undefined;
}
