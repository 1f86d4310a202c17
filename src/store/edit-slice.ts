import type { StateCreator } from 'zustand';
import type { EditOp } from '../edit/types.ts';
import { filesAsBytes, freeName, npyNames } from './edit-files.ts';
import { folderPicker, isPickerCancel } from './folder-picker.ts';
import { callWorker, toAppError } from './run.ts';
import { saveFile } from './save-file.ts';
import { downloadedNotice, savedNotice } from './save-notices.ts';
import type { AppState, EditSlice } from './types.ts';
import { historyKey, unchangedNotice } from './unsaved.ts';

/** Edits (fusing, optimizing, every other edit op), undo and redo, and saving: each a request to the worker, which holds the history. */
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
  /**
   * The op with its .npy file named so that it is told apart from the files earlier steps read
   * (the user may pick a second "w.npy"), and the files to keep for the history afterwards.
   */
  const withFile = (op: EditOp, files: readonly File[] | undefined) => {
    const history = get().snapshot?.history.map((h) => h.op) ?? [];
    const inUse = npyNames(history);
    const kept = get().editFiles.filter((f) => inUse.has(f.name));
    const file = files?.[0];
    if (op.op !== 'set-initializer' || !file) return { op, sent: [], kept };
    const name = freeName(op.npy, inUse);
    return { op: { ...op, npy: name }, sent: [{ name, blob: file as Blob }], kept: [...kept, { name, blob: file }] };
  };
  return {
    editFiles: [],
    async applyEdit(op, files) {
      const before = get().snapshot;
      const prepared = withFile(op, files);
      const bytes = await filesAsBytes(prepared.sent);
      await change('Editing…', () => callWorker(set, 'edit', { op: prepared.op, files: bytes }));
      // A refused edit leaves the snapshot (and the files the history reads) as they were.
      if (get().snapshot !== before) set({ editFiles: prepared.kept });
    },
    goToStep: (step) => change('Going to the step…', () => callWorker(set, 'goTo', { step })),
    async saveInitializerNpy(name) {
      if (!get().snapshot || get().busy) return;
      set({ busy: 'Saving .npy…', error: undefined });
      try {
        const response = await callWorker(set, 'initializerNpy', { name });
        for (const file of response?.files ?? []) saveFile(file.name, file.blob);
      } finally {
        set({ busy: undefined });
      }
    },
    fuse: (ids) => change('Fusing…', () => callWorker(set, 'fuse', { ids })),
    fuseAll: () => change('Fusing all…', () => callWorker(set, 'fuseAll', {})),
    optimize: () => {
      const off = get().passesOff;
      // With every pass on, the worker runs them all (passes it gained since are included).
      const passes = get()
        .snapshot?.passes.map((p) => p.name)
        .filter((name) => !off.includes(name));
      return change('Optimizing…', () => callWorker(set, 'optimize', off.length > 0 ? { passes } : {}));
    },
    passesOff: [],
    setPassOn: (name, on) =>
      set(({ passesOff }) => ({
        passesOff: on ? passesOff.filter((n) => n !== name) : [...new Set([...passesOff, name])],
      })),
    undo: () => change('Undoing…', () => callWorker(set, 'undo', {})),
    redo: () => change('Redoing…', () => callWorker(set, 'redo', {})),
    notice: undefined,
    dismissNotice: () => set({ notice: undefined }),
    async download() {
      if (!get().snapshot || get().busy) return;
      set({ busy: 'Preparing download…', notice: undefined });
      try {
        const response = await callWorker(set, 'download', { toDisk: true });
        if (!response) return;
        for (const file of response.files) saveFile(file.name, file.blob);
        const snapshot = get().snapshot;
        if (!snapshot) return;
        set({ savedKey: historyKey(snapshot) });
        const missing = snapshot.missingSideFiles;
        const notices = [
          snapshot.steps.length === 0 ? unchangedNotice(snapshot.name) : '',
          response.files.length > 1 || missing.length > 0
            ? downloadedNotice(response.files, missing, folderPicker() !== undefined)
            : '',
        ].filter(Boolean);
        if (notices.length > 0) set({ notice: notices.join(' ') });
      } finally {
        set({ busy: undefined });
      }
    },
    async saveToFolder() {
      const pick = folderPicker();
      if (!pick || !get().snapshot || get().busy) return;
      let folder: Awaited<ReturnType<typeof pick>>;
      try {
        // Asked first, while the click still counts as the user's: browsers refuse the picker later.
        folder = await pick({ id: 'bnfold-save', mode: 'readwrite', startIn: 'downloads' });
      } catch (error) {
        if (!isPickerCancel(error)) set({ error: toAppError(error, 'No folder could be chosen') });
        return;
      }
      set({ busy: `Saving to ${folder.name}…`, notice: undefined, error: undefined });
      try {
        const response = await callWorker(set, 'saveToFolder', { folder });
        const snapshot = get().snapshot;
        if (response && snapshot) {
          set({
            notice: savedNotice(folder.name, response.files, snapshot.missingSideFiles),
            savedKey: historyKey(snapshot),
          });
        }
      } finally {
        set({ busy: undefined });
      }
    },
  };
};
