/// <reference lib="webworker" />
// The thin worker entry: everything it does is in handlers.ts.
import { handleRequest, type WorkerState } from './handlers.ts';
import type { WorkerRequest } from './protocol.ts';

declare const self: DedicatedWorkerGlobalScope;

const state: WorkerState = {};

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const { id } = event.data;
  const { response, transfer } = handleRequest(event.data, state, (stage) =>
    self.postMessage({ id, kind: 'progress', stage }),
  );
  self.postMessage(response, transfer);
};
