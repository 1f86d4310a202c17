import type { StoreApi } from 'zustand';
import { WorkerCallError } from '../worker/client.ts';
import type { RequestFields, RequestKind, ResponseFor } from '../worker/protocol.ts';
import { filesAsBytes } from './edit-files.ts';
import type { AppError, AppState } from './types.ts';
import { modelWorker } from './worker.ts';

type Set = StoreApi<AppState>['setState'];
type Get = StoreApi<AppState>['getState'];

export function toAppError(error: unknown, prefix?: string): AppError {
  const message = error instanceof Error ? error.message : String(error);
  const code = error instanceof WorkerCallError ? error.code : 'INTERNAL';
  return { code, message: prefix ? `${prefix}: ${message}` : message };
}

/** Sends a request about the current model; a failure becomes the page's error message. */
export async function callWorker<K extends RequestKind>(
  set: Set,
  kind: K,
  fields: RequestFields<K>,
): Promise<ResponseFor[K] | undefined> {
  try {
    return await modelWorker.call(kind, fields);
  } catch (error) {
    set({ error: toAppError(error) });
    return undefined;
  }
}

/**
 * After the worker died (and was replaced), rebuilds the model and its fusion history in the new
 * one from the page's copy of the files and the recorded steps, so the page keeps working.
 */
export async function restoreAfterCrash(set: Set, get: Get, why: string): Promise<void> {
  const restoring = get().snapshot;
  set({
    error: {
      code: 'WORKER_CRASHED',
      message: `The model worker stopped (${why}) and was restarted.${restoring ? ' Your model and its history (every fusion and optimization, for undo) were restored.' : ''}`,
    },
  });
  await restore(set, get);
}

export async function restore(set: Set, get: Get): Promise<void> {
  const { source, snapshot } = get();
  if (!source || !snapshot) return;
  try {
    // The .npy files set-initializer steps read travel again: the new worker has none of them.
    const files = await filesAsBytes(get().editFiles);
    const response = await modelWorker.call('replay', { ...source, steps: snapshot.steps, files });
    set({ snapshot: response.snapshot });
  } catch (error) {
    set({ error: toAppError(error, 'The model could not be restored after the worker restarted') });
  }
}
