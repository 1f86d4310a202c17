import type * as Ort from 'onnxruntime-web';
import type { CompareRequest, ModelFiles, OutputData, OutputPair, RunResult } from './protocol.ts';

type OrtModule = typeof Ort;

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function createSession(ort: OrtModule, files: ModelFiles, request: CompareRequest, which: 'original' | 'fused') {
  try {
    return await ort.InferenceSession.create(new Uint8Array(files.model), {
      executionProviders: [request.provider],
      graphOptimizationLevel: request.optimization[which],
      externalData: files.externalData.map((f) => ({ path: f.path, data: new Uint8Array(f.data) })),
    });
  } catch (error) {
    throw new Error(`onnxruntime-web (${request.provider}) could not load the ${which} model: ${errorText(error)}`);
  }
}

/**
 * Runs both models on the same inputs: warm-up runs, then timed runs alternating between the two,
 * and keeps the outputs of one run of each for comparison.
 */
export async function runComparison(
  ort: OrtModule,
  request: CompareRequest,
  progress: (stage: string, done: number, total: number) => void,
): Promise<RunResult> {
  ort.env.wasm.numThreads = request.threads;
  progress('loading models', 0, 2);
  const original = await createSession(ort, request.original, request, 'original');
  const fused = await createSession(ort, request.fused, request, 'fused');
  try {
    const feeds: Record<string, Ort.Tensor> = {};
    for (const input of request.inputs) {
      feeds[input.name] = new ort.Tensor(input.type as Ort.Tensor.Type, input.data as Ort.Tensor.DataType, input.dims);
    }
    const total = request.warmup + request.runs;
    let originalOut: Ort.InferenceSession.OnnxValueMapType | undefined;
    let fusedOut: Ort.InferenceSession.OnnxValueMapType | undefined;
    const latency = { original: [] as number[], fused: [] as number[] };
    for (let i = 0; i < total; i++) {
      progress(i < request.warmup ? 'warming up' : 'timing runs', i, total);
      let started = performance.now();
      const a = await original.run(feeds);
      const originalMs = performance.now() - started;
      started = performance.now();
      const b = await fused.run(feeds);
      const fusedMs = performance.now() - started;
      if (i >= request.warmup) {
        latency.original.push(originalMs);
        latency.fused.push(fusedMs);
      }
      originalOut = a;
      fusedOut = b;
    }
    const outputs: OutputPair[] = original.outputNames.map((name) => {
      const a = originalOut?.[name];
      const b = fusedOut?.[name];
      if (!a || !b) throw new Error(`the fused model gave no output "${name}"`);
      return { name, type: a.type, dims: [...a.dims], original: a.data as OutputData, fused: b.data as OutputData };
    });
    return {
      provider: request.provider,
      threads: request.threads,
      crossOriginIsolated: globalThis.crossOriginIsolated ?? false,
      optimization: request.optimization,
      warmup: request.warmup,
      outputs,
      latency,
    };
  } finally {
    await original.release();
    await fused.release();
  }
}
