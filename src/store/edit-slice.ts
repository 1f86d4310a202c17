import type { StateCreator } from 'zustand';
import { callWorker } from './run.ts';
import { saveFile } from './save-file.ts';
import type { AppState, EditSlice } from './types.ts';

/** Fusing, undo and redo, and download: each a request to the worker, which holds the history. */
export const createEditSlice: StateCreator<AppState, [], [], EditSlice> = (set, get) => {
  /** One change at a time: a second click while the worker is busy is ignored. */
  const change = async (busy: string, request: () => ReturnType<typeof callWorker<'fuse'>>) => {
    if (!get().snapshot || get().busy) return;
    set({ busy, error: undefined });
    try {
      const response = await request();
      if (response) {
        // A node folded away (or brought back by undo) takes its inspector details with it.
        const selected = get().selectedNode;
        const stillThere = response.snapshot.view.search.some((n) => n.id === selected);
        set({ snapshot: response.snapshot, ...(stillThere ? {} : { selectedNode: undefined, details: undefined }) });
      }
    } finally {
      set({ busy: undefined });
    }
  };
  return {
    fuse: (ids) => change('Fusing…', () => callWorker(set, 'fuse', { ids })),
    fuseAll: () => change('Fusing all…', () => callWorker(set, 'fuseAll', {})),
    undo: () => change('Undoing…', () => callWorker(set, 'undo', {})),
    redo: () => change('Redoing…', () => callWorker(set, 'redo', {})),
    async download() {
      if (!get().snapshot) return;
      set({ busy: 'Preparing download…' });
      try {
        const response = await callWorker(set, 'download', {});
        for (const file of response?.files ?? []) saveFile(file.name, file.blob);
      } finally {
        set({ busy: undefined });
      }
    },
  };
};
