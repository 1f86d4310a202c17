import type { LayerReport } from '../compare/layers.ts';
import type { CompareProgress } from '../compare/progress.ts';
import { ComparisonCancelled } from './client.ts';
import type { LayersRequest, LayersResponse } from './layers-protocol.ts';

export type { LayersRequest } from './layers-protocol.ts';

export interface RunningLayers {
  report: Promise<LayerReport>;
  cancel: () => void;
}

/** Compares two models layer by layer in a fresh worker; Cancel terminates it at once. */
export function startLayerComparison(
  request: LayersRequest,
  onProgress: (progress: CompareProgress) => void,
): RunningLayers {
  const worker = new Worker(new URL('./layers.worker.ts', import.meta.url), { type: 'module', name: 'layers' });
  let settle: ((error: Error) => void) | undefined;
  const report = new Promise<LayerReport>((resolve, reject) => {
    settle = reject;
    worker.onmessage = (event: MessageEvent<LayersResponse>) => {
      const message = event.data;
      if (message.kind === 'progress') onProgress(message.progress);
      else if (message.kind === 'result') resolve(message.report);
      else reject(new Error(message.message));
    };
    worker.onerror = (event) => {
      event.preventDefault();
      reject(new Error(`The layers worker crashed${event.message ? `: ${event.message}` : ''}.`));
    };
  }).finally(() => worker.terminate());
  worker.postMessage(request);
  return {
    report,
    cancel: () => {
      worker.terminate();
      settle?.(new ComparisonCancelled());
    },
  };
}
