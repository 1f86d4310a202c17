import type * as Ort from 'onnxruntime-web';
import type { CompareProgress } from '../compare/progress.ts';
// The chunked Blob reader is shared with the model worker, which reads opened files the same way.
import { readBlob, WHOLE_READ_LIMIT } from '../worker/read-files.ts';
import type { CompareRequest, ModelFiles, OutputData, RunOutput, RunResult } from './protocol.ts';

type OrtModule = typeof Ort;

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * onnxruntime-web reads a Blob side file whole, which Chromium refuses past 2 GiB: such files are
 * read here, in pieces, and handed over as bytes.
 */
async function externalData(files: ModelFiles) {
  return Promise.all(
    files.externalData.map(async (f) => ({
      path: f.path,
      data: f.data.size >= WHOLE_READ_LIMIT ? new Uint8Array(await readBlob(f.data)) : f.data,
    })),
  );
}

async function createSession(ort: OrtModule, files: ModelFiles, request: CompareRequest, which: 'original' | 'fused') {
  try {
    return await ort.InferenceSession.create(new Uint8Array(await readBlob(files.model)), {
      executionProviders: [request.provider],
      graphOptimizationLevel: request.optimization[which],
      externalData: await externalData(files),
    });
  } catch (error) {
    throw new Error(`onnxruntime-web (${request.provider}) could not load the ${which} model: ${errorText(error)}`);
  }
}

type Which = 'original' | 'fused';
type Session = Ort.InferenceSession;

/**
 * Past this many bytes for the two models together, they are loaded and run one after the other:
 * WebAssembly has 4 GB of memory, and both sessions at once would not fit.
 */
export const ONE_AT_A_TIME_ABOVE = 1.5 * 2 ** 30;

const sizeOf = (files: ModelFiles) => files.model.size + files.externalData.reduce((n, f) => n + f.data.size, 0);

/**
 * Runs both models on the same inputs: warm-up runs, then timed runs alternating between the two
 * (or, for models too large to hold both, all runs of one and then of the other), and keeps the
 * outputs of one run of each for comparison. When only one model loads (an op the provider lacks,
 * a lost GPU), the other still runs: its outputs and timings come back with the reason the first
 * failed, so the user learns as much as can be learned.
 */
export async function runComparison(
  ort: OrtModule,
  request: CompareRequest,
  progress: (progress: CompareProgress) => void,
  oneAtATimeAbove = ONE_AT_A_TIME_ABOVE,
): Promise<RunResult> {
  ort.env.wasm.numThreads = request.threads;
  const interleaved = sizeOf(request.original) + sizeOf(request.fused) <= oneAtATimeAbove;
  const loaded: Partial<Record<Which, Session>> = {};
  const errors: Partial<Record<Which, string>> = {};
  const load = async (which: Which) => {
    try {
      loaded[which] = await createSession(ort, request[which], request, which);
    } catch (error) {
      errors[which] = errorText(error);
    }
  };
  const release = async (which: Which) => {
    await loaded[which]?.release();
    delete loaded[which];
  };
  const feeds: Record<string, Ort.Tensor> = {};
  for (const input of request.inputs) {
    feeds[input.name] = new ort.Tensor(input.type as Ort.Tensor.Type, input.data as Ort.Tensor.DataType, input.dims);
  }
  const last: Partial<Record<Which, Ort.InferenceSession.OnnxValueMapType>> = {};
  const latency = { original: [] as number[], fused: [] as number[] };
  const names: Record<Which, string[]> = { original: [], fused: [] };
  const runErrors: Partial<Record<Which, string>> = {};
  const runAll = async (models: readonly Which[]) => {
    for (const which of models) names[which] = [...(loaded[which]?.outputNames ?? [])];
    const runEach = async (timed: boolean) => {
      for (const which of models) {
        const session = loaded[which];
        if (!session || runErrors[which]) continue;
        const started = performance.now();
        try {
          last[which] = await session.run(feeds);
        } catch (error) {
          // The inputs do not suit this model: said apart from a model that cannot load.
          runErrors[which] = errorText(error);
          continue;
        }
        if (timed) latency[which].push(performance.now() - started);
      }
    };
    // Warm-up and timed runs are counted apart: the timings rest on the timed runs alone. Run one
    // after the other, each model's runs say whose they are.
    const whose = models.length === 1 ? ` the ${models[0]} model` : '';
    for (let i = 1; i <= request.warmup; i++) {
      progress({ stage: `warming up${whose}`, step: i, total: request.warmup });
      await runEach(false);
    }
    for (let i = 1; i <= request.runs; i++) {
      progress({ stage: `timing${whose}`, step: i, total: request.runs });
      await runEach(true);
    }
  };
  try {
    if (interleaved) {
      progress({ stage: 'loading models', step: 0, total: 0 });
      await load('original');
      await load('fused');
      if (loaded.original || loaded.fused) await runAll(['original', 'fused']);
    } else {
      for (const which of ['original', 'fused'] as const) {
        progress({ stage: `loading the ${which} model`, step: 0, total: 0 });
        await load(which);
        await runAll([which]);
        await release(which);
      }
    }
    if (errors.original && errors.fused) throw new Error(`${errors.original} ${errors.fused}`);
    const outputsOf = (which: Which): RunOutput[] =>
      runErrors[which]
        ? []
        : names[which].flatMap((name) => {
            const value = last[which]?.[name];
            return value ? [{ name, type: value.type, dims: [...value.dims], data: value.data as OutputData }] : [];
          });
    const outputs = { original: outputsOf('original'), fused: outputsOf('fused') };
    const failure = (['original', 'fused'] as const).flatMap((model): NonNullable<RunResult['failed']>[] => {
      const load = errors[model];
      const run = runErrors[model];
      if (load) return [{ model, stage: 'load', message: load }];
      return run ? [{ model, stage: 'run', message: run }] : [];
    })[0];
    return {
      provider: request.provider,
      threads: request.threads,
      crossOriginIsolated: (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated ?? false,
      optimization: request.optimization,
      warmup: request.warmup,
      interleaved,
      outputs,
      latency,
      ...(failure ? { failed: failure } : {}),
    };
  } finally {
    await release('original');
    await release('fused');
  }
}
