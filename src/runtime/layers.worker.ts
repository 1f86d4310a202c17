/// <reference lib="webworker" />
// The layers worker: one per layer comparison, so that Cancel can simply terminate it. Like the
// runtime worker, it loads onnxruntime-web in a chunk of its own.
import type { LayersRequest, LayersResponse } from './layers-protocol.ts';
import { runLayers } from './run-layers.ts';

declare const self: DedicatedWorkerGlobalScope;

function post(response: LayersResponse): void {
  self.postMessage(response);
}

self.onmessage = async (event: MessageEvent<LayersRequest>) => {
  try {
    const ort = await import('onnxruntime-web');
    const report = await runLayers(ort, event.data, (progress) => post({ kind: 'progress', progress }));
    post({ kind: 'result', report });
  } catch (error) {
    post({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
  }
};
