import { ModelWorkerClient } from '../worker/client.ts';

/** The one model worker of the page, created on first use and again after a crash. */
export const modelWorker = new ModelWorkerClient(
  () => new Worker(new URL('../worker/model.worker.ts', import.meta.url), { type: 'module', name: 'model' }),
);
