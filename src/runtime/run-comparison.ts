import type * as Ort from 'onnxruntime-web';
import type { CompareRequest, ModelFiles, OutputData, OutputPair, RunResult } from './protocol.ts';

type OrtModule = typeof Ort;

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function createSession(ort: OrtModule, files: ModelFiles, request: CompareRequest, which: 'original' | 'fused') {
  try {
    return await ort.InferenceSession.create(new Uint8Array(await files.model.arrayBuffer()), {
      executionProviders: [request.provider],
      graphOptimizationLevel: request.optimization[which],
      externalData: files.externalData.map((f) => ({ path: f.path, data: f.data })),
    });
  } catch (error) {
    throw new Error(`onnxruntime-web (${request.provider}) could not load the ${which} model: ${errorText(error)}`);
  }
}

type Which = 'original' | 'fused';
type Session = Ort.InferenceSession;

/**
 * Runs both models on the same inputs: warm-up runs, then timed runs alternating between the two,
 * and keeps the outputs of one run of each for comparison. When only one model loads (an op the
 * provider lacks, a lost GPU), the other still runs: its outputs and timings come back with the
 * reason the first failed, so the user learns as much as can be learned.
 */
export async function runComparison(
  ort: OrtModule,
  request: CompareRequest,
  progress: (stage: string, done: number, total: number) => void,
): Promise<RunResult> {
  ort.env.wasm.numThreads = request.threads;
  progress('loading models', 0, 2);
  const loaded: Partial<Record<Which, Session>> = {};
  const errors: Partial<Record<Which, string>> = {};
  for (const which of ['original', 'fused'] as const) {
    try {
      loaded[which] = await createSession(ort, request[which], request, which);
    } catch (error) {
      errors[which] = errorText(error);
    }
  }
  try {
    if (!loaded.original && !loaded.fused) throw new Error(`${errors.original} ${errors.fused}`);
    const feeds: Record<string, Ort.Tensor> = {};
    for (const input of request.inputs) {
      feeds[input.name] = new ort.Tensor(input.type as Ort.Tensor.Type, input.data as Ort.Tensor.DataType, input.dims);
    }
    const total = request.warmup + request.runs;
    const last: Partial<Record<Which, Ort.InferenceSession.OnnxValueMapType>> = {};
    const latency = { original: [] as number[], fused: [] as number[] };
    for (let i = 0; i < total; i++) {
      progress(i < request.warmup ? 'warming up' : 'timing runs', i, total);
      for (const which of ['original', 'fused'] as const) {
        const session = loaded[which];
        if (!session) continue;
        const started = performance.now();
        last[which] = await session.run(feeds);
        if (i >= request.warmup) latency[which].push(performance.now() - started);
      }
    }
    const names = (loaded.original ?? loaded.fused)?.outputNames ?? [];
    const empty = new Float32Array(0);
    const outputs: OutputPair[] = names.map((name) => {
      const a = last.original?.[name];
      const b = last.fused?.[name];
      const shown = a ?? b;
      if (!shown || (loaded.original && !a) || (loaded.fused && !b)) {
        throw new Error(`the fused model gave no output "${name}"`);
      }
      return {
        name,
        type: shown.type,
        dims: [...shown.dims],
        original: (a?.data ?? empty) as OutputData,
        fused: (b?.data ?? empty) as OutputData,
      };
    });
    const failedModel = errors.original ? 'original' : errors.fused ? 'fused' : undefined;
    return {
      provider: request.provider,
      threads: request.threads,
      crossOriginIsolated: (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated ?? false,
      optimization: request.optimization,
      warmup: request.warmup,
      outputs,
      latency,
      ...(failedModel ? { failed: { model: failedModel, message: errors[failedModel] as string } } : {}),
    };
  } finally {
    await loaded.original?.release();
    await loaded.fused?.release();
  }
}
