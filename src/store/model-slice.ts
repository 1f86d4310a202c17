import type { StateCreator } from 'zustand';
import { restore, toAppError } from './run.ts';
import type { Source } from './source-files.ts';
import type { AppState, ModelSlice } from './types.ts';
import { discardQuestion, hasUnsavedChanges } from './unsaved.ts';
import { modelWorker } from './worker.ts';

/** Files past this are refused before reading: a single-file ONNX model cannot pass 2 GiB. */
export const MAX_MODEL_BYTES = 2 ** 31 - 1;

/** Of several files dropped together, the model is the .onnx one; the others are its side files. */
function pickModel(files: readonly File[]): { model: File | undefined; sideFiles: File[] } {
  const model = files.find((f) => /\.onnx$/i.test(f.name)) ?? files[0];
  return { model, sideFiles: files.filter((f) => f !== model) };
}

export const createModelSlice: StateCreator<AppState, [], [], ModelSlice> = (set, get) => {
  let cancelled: string | undefined;
  /**
   * Hands the files to the worker as Blobs, which it reads itself: the page never holds a model's
   * bytes, and keeps only the Blobs (a picked File is backed by the disk), to send again should
   * the worker have to be rebuilt. A failed load changes nothing else.
   */
  const load = async (source: Source): Promise<void> => {
    const response = await modelWorker.call('load', source, [], (stage) =>
      set({ loading: `${source.model.name}: ${stage}` }),
    );
    // A notice about saving the previous model would now read as being about this one.
    set({
      snapshot: response.snapshot,
      source,
      loading: undefined,
      selectedNode: undefined,
      selectedNodes: [],
      details: undefined,
      notice: undefined,
      savedKey: undefined,
    });
  };

  /** Asks before a new model replaces changes that were never saved; true to go ahead. */
  const mayDiscard = (next: string): boolean => {
    const { snapshot, savedKey } = get();
    if (!snapshot || !hasUnsavedChanges(snapshot, savedKey)) return true;
    return window.confirm(discardQuestion(snapshot, next));
  };

  return {
    snapshot: undefined,
    loading: undefined,
    busy: undefined,
    error: undefined,
    source: undefined,
    savedKey: undefined,

    async loadFiles(files) {
      const { model, sideFiles } = pickModel(files);
      if (!model) return;
      if (!mayDiscard(model.name)) return;
      cancelled = undefined;
      if (model.size > MAX_MODEL_BYTES) {
        set({
          error: {
            code: 'MODEL_TOO_LARGE',
            message: `${model.name} is ${(model.size / 1e9).toFixed(2)} GB; a single-file ONNX model cannot pass 2 GB. Save it with external data and open the model with its side files.`,
          },
        });
        return;
      }
      set({ loading: model.name, error: undefined });
      try {
        await load({
          model: { name: model.name, blob: model },
          sideFiles: sideFiles.map((f) => ({ name: f.name, blob: f })),
        });
      } catch (error) {
        if (cancelled === model.name) return;
        set({ loading: undefined, error: toAppError(error, model.name) });
      }
    },

    async cancelLoad() {
      const name = get().loading;
      if (!name) return;
      cancelled = name.split(':')[0];
      modelWorker.terminate();
      set({
        loading: undefined,
        error: {
          code: 'CANCELLED',
          message: `Opening ${cancelled} was cancelled.${get().snapshot ? ' The previous model is still open.' : ''}`,
        },
      });
      // The worker held the open model; rebuild it in a fresh one.
      await restore(set, get);
    },

    async loadSample() {
      set({ loading: 'sample.onnx' });
      try {
        const response = await fetch(`${import.meta.env.BASE_URL}sample.onnx`);
        if (!response.ok) throw new Error(`the server answered ${response.status}`);
        await load({ model: { name: 'sample.onnx', blob: await response.blob() }, sideFiles: [] });
      } catch (error) {
        set({ loading: undefined, error: toAppError(error, 'The sample model could not be loaded') });
      }
    },

    dismissError() {
      set({ error: undefined });
    },
  };
};
