import type { StateCreator } from 'zustand';
import type { ModelSummary } from '../onnx/index.ts';
import { WorkerCallError } from '../worker/client.ts';
import { modelWorker } from './worker.ts';

/** Files past this are refused before reading: protobuf cannot hold a model this large in one file. */
export const MAX_MODEL_BYTES = 2 ** 31 - 1;

export interface LoadedModel {
  name: string;
  byteLength: number;
  summary: ModelSummary;
}

export interface AppError {
  code: string;
  message: string;
}

export interface ModelSlice {
  model: LoadedModel | undefined;
  /** The file being read, while it is. */
  loading: string | undefined;
  error: AppError | undefined;
  loadFile: (file: File) => Promise<void>;
  loadBytes: (name: string, bytes: ArrayBuffer) => Promise<void>;
  loadSample: () => Promise<void>;
  dismissError: () => void;
}

export const createModelSlice: StateCreator<ModelSlice, [], [], ModelSlice> = (set, get) => ({
  model: undefined,
  loading: undefined,
  error: undefined,

  async loadFile(file) {
    if (file.size > MAX_MODEL_BYTES) {
      set({
        error: {
          code: 'MODEL_TOO_LARGE',
          message: `${file.name} is ${(file.size / 1e9).toFixed(2)} GB; a single-file ONNX model cannot pass 2 GB.`,
        },
      });
      return;
    }
    set({ loading: file.name });
    let bytes: ArrayBuffer;
    try {
      bytes = await file.arrayBuffer();
    } catch {
      set({ loading: undefined, error: { code: 'READ_FAILED', message: `${file.name} could not be read.` } });
      return;
    }
    await get().loadBytes(file.name, bytes);
  },

  async loadBytes(name, bytes) {
    set({ loading: name, error: undefined });
    try {
      // The worker keeps the decoded model; the transferred buffer becomes its storage.
      const response = await modelWorker.call({ kind: 'load', name, bytes }, [bytes]);
      set({
        model: { name: response.name, byteLength: response.byteLength, summary: response.summary },
        loading: undefined,
      });
    } catch (error) {
      // The previous model stays: a failed load changes nothing else.
      set({ loading: undefined, error: toAppError(error, name) });
    }
  },

  async loadSample() {
    set({ loading: 'sample.onnx' });
    try {
      const response = await fetch(`${import.meta.env.BASE_URL}sample.onnx`);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      await get().loadBytes('sample.onnx', await response.arrayBuffer());
    } catch (error) {
      set({
        loading: undefined,
        error: { code: 'SAMPLE_UNAVAILABLE', message: `The sample model could not be loaded (${String(error)}).` },
      });
    }
  },

  dismissError() {
    set({ error: undefined });
  },
});

function toAppError(error: unknown, name: string): AppError {
  if (error instanceof WorkerCallError) return { code: error.code, message: `${name}: ${error.message}` };
  return { code: 'INTERNAL', message: `${name}: ${error instanceof Error ? error.message : String(error)}` };
}
