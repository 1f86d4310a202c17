/// <reference lib="webworker" />
// The thin worker entry: reads the files a request carries, then everything is in handlers.ts.
import { type BrowserSaving, dispatch, type WorkerState } from './handlers.ts';
import type { ProgressStage, WorkerRequest } from './protocol.ts';
import { FileReadError, readRequestFiles } from './read-files.ts';
import { saveToFolder } from './save-folder.ts';
import { downloadFiles } from './stage-download.ts';

declare const self: DedicatedWorkerGlobalScope;

const state: WorkerState = {};
const saving: BrowserSaving = { saveToFolder, downloadToDisk: downloadFiles };
// Reading files is asynchronous; requests are still handled one at a time, in order.
let queue = Promise.resolve();

/**
 * Once a request is answered, the session may have work for idle time (memory to touch ahead of
 * "Fuse all": see WeightArena). It runs in slices between messages, so a request that arrives
 * meanwhile waits for one slice at most.
 */
function scheduleIdleWork(): void {
  const work = state.session?.idleWork();
  if (!work) return;
  const slice = () => {
    if (work()) setTimeout(slice, 0);
  };
  setTimeout(slice, 0);
}

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const { id, kind } = event.data;
  queue = queue.then(async () => {
    try {
      if (kind === 'load' || kind === 'replay') self.postMessage({ id, kind: 'progress', stage: 'reading' });
      const request = await readRequestFiles(event.data);
      const progress = (stage: ProgressStage) => self.postMessage({ id, kind: 'progress', stage });
      const { response, transfer } = await dispatch(request, state, progress, saving);
      self.postMessage(response, transfer);
      scheduleIdleWork();
    } catch (error) {
      if (error instanceof FileReadError) {
        self.postMessage({ id, kind: 'error', code: error.code, message: error.message });
        return;
      }
      // Anything else is a crash: raised outside the queue so that it reaches the page's onerror
      // (which restarts the worker), and the queue goes on.
      setTimeout(() => {
        throw error;
      }, 0);
    }
  });
};
