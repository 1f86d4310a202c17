/// <reference lib="webworker" />
// The runtime worker: onnxruntime-web runs here, loaded in a chunk of its own (a static import in
// the entry chunk hangs multi-threaded WASM in production builds). One worker per comparison, so
// that a thread count takes effect and Cancel can simply terminate it.
import type { ProbeResult, RuntimeRequest, RuntimeResponse } from './protocol.ts';
import { runComparison } from './run-comparison.ts';

declare const self: DedicatedWorkerGlobalScope;

function post(response: RuntimeResponse, transfer: Transferable[] = []): void {
  self.postMessage(response, transfer);
}

async function probe(): Promise<ProbeResult> {
  const gpu = (
    navigator as Navigator & {
      gpu?: { requestAdapter(): Promise<{ info?: { description?: string; vendor?: string } } | null> };
    }
  ).gpu;
  let adapter: Awaited<ReturnType<NonNullable<typeof gpu>['requestAdapter']>> = null;
  try {
    adapter = gpu ? await gpu.requestAdapter() : null;
  } catch {
    adapter = null;
  }
  return {
    webgpu: adapter !== null,
    adapter: adapter?.info?.description || adapter?.info?.vendor || '',
    crossOriginIsolated: self.crossOriginIsolated,
    hardwareConcurrency: navigator.hardwareConcurrency,
  };
}

self.onmessage = async (event: MessageEvent<RuntimeRequest>) => {
  try {
    if (event.data.kind === 'probe') {
      post({ kind: 'probe', probe: await probe() });
      return;
    }
    const ort = await import('onnxruntime-web');
    const result = await runComparison(ort, event.data, (progress) => post({ kind: 'progress', progress }));
    const buffers = [...result.outputs.original, ...result.outputs.fused].map((o) => o.data.buffer) as ArrayBuffer[];
    post({ kind: 'result', result }, [...new Set(buffers)]);
  } catch (error) {
    post({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
  }
};
