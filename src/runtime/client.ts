import type { CompareProgress } from '../compare/progress.ts';
import type { CompareRequest, ProbeResult, RunResult, RuntimeResponse } from './protocol.ts';

export type { CompareRequest, OptimizationLevel, ProbeResult, Provider, RunOutput, RunResult } from './protocol.ts';

function spawn(): Worker {
  return new Worker(new URL('./runtime.worker.ts', import.meta.url), { type: 'module', name: 'runtime' });
}

export class ComparisonCancelled extends Error {
  constructor() {
    super('The comparison was cancelled.');
    this.name = 'ComparisonCancelled';
  }
}

export interface RunningComparison {
  result: Promise<RunResult>;
  cancel: () => void;
}

/**
 * Runs a comparison in a fresh runtime worker. Cancel terminates the worker at once, whatever it
 * is doing; the page never waits for onnxruntime.
 */
export function startComparison(
  request: CompareRequest,
  onProgress: (progress: CompareProgress) => void,
): RunningComparison {
  const worker = spawn();
  let settle: ((error: Error) => void) | undefined;
  const result = new Promise<RunResult>((resolve, reject) => {
    settle = reject;
    worker.onmessage = (event: MessageEvent<RuntimeResponse>) => {
      const message = event.data;
      if (message.kind === 'progress') onProgress(message.progress);
      else if (message.kind === 'result') resolve(message.result);
      else if (message.kind === 'error') reject(new Error(message.message));
    };
    worker.onerror = (event) => {
      event.preventDefault();
      reject(new Error(`The runtime worker crashed${event.message ? `: ${event.message}` : ''}.`));
    };
  }).finally(() => worker.terminate());
  // Models travel as Blobs (by reference); only the input tensors are copied.
  worker.postMessage(request);
  return {
    result,
    cancel: () => {
      worker.terminate();
      settle?.(new ComparisonCancelled());
    },
  };
}

/** What this browser offers: WebGPU (with an adapter), cross-origin isolation for threads, cores. */
export function probeRuntime(): Promise<ProbeResult> {
  const worker = spawn();
  return new Promise<ProbeResult>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<RuntimeResponse>) => {
      if (event.data.kind === 'probe') resolve(event.data.probe);
      else reject(new Error('unexpected answer from the runtime worker'));
    };
    worker.onerror = () => reject(new Error('The runtime worker could not start.'));
    worker.postMessage({ kind: 'probe' });
  }).finally(() => worker.terminate());
}
