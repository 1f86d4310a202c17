import type { StateCreator } from 'zustand';
import { defaultTolerance, diffOutputs, type Tolerance } from '../compare/diff.ts';
import { imageInputName, type Normalization, rgbaToNchw } from '../compare/image.ts';
import { randomInputs, symbolicDims } from '../compare/inputs.ts';
import { diffHistogram, latencyStats } from '../compare/latency.ts';
import { explainDiff, overallVerdict } from '../compare/verdict.ts';
import { bfloat16BitsToNumber, float16BitsToNumber, numberToFloat16Bits } from '../onnx/float16.ts';
import {
  ComparisonCancelled,
  type OutputPair,
  probeRuntime,
  type RunningComparison,
  startComparison,
} from '../runtime/client.ts';
import type { ModelFiles, RunResult } from '../runtime/protocol.ts';
import type { CompareReport, CompareSlice, OutputComparison } from './compare-types.ts';
import { callWorker } from './run.ts';
import type { Source } from './source-files.ts';
import type { AppState } from './types.ts';

let running: RunningComparison | undefined;
/**
 * The run the panel shows, from the click on. Preparing the fused model can take seconds before
 * the runtime worker starts; Cancel then marks the run, and a new run may start at once (the old
 * one stops, quietly, when its preparation returns).
 */
let current: { cancelled: boolean } | undefined;

/** The picture resized to the input's H×W (stretched, as most preprocessing does), as NCHW floats. */
function imageTensor(bitmap: ImageBitmap, dims: number[], normalization: Normalization): Float32Array {
  const [batch = 1, channels = 3, height = 1, width = 1] = dims;
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('This browser cannot resize pictures (no 2D canvas).');
  context.drawImage(bitmap, 0, 0, width, height);
  const one = rgbaToNchw(
    context.getImageData(0, 0, width, height).data,
    width,
    height,
    channels === 1 ? 1 : 3,
    normalization,
  );
  const out = new Float32Array(one.length * batch);
  for (let n = 0; n < batch; n++) out.set(one, n * one.length);
  return out;
}

/** Outputs as plain numbers: float16 from its bits, int64 as numbers. */
function numbers(type: string, data: OutputPair['original']): ArrayLike<number> {
  if (type === 'float16') return Float64Array.from(data as Uint16Array, float16BitsToNumber);
  if (type === 'bfloat16') return Float64Array.from(data as Uint16Array, bfloat16BitsToNumber);
  if (data instanceof BigInt64Array) return Float64Array.from(data, Number);
  return data as ArrayLike<number>;
}

function judge(raw: NonNullable<CompareSlice['compareRaw']>, tolerance: Tolerance): OutputComparison[] {
  return raw.map((o) => {
    // Integer and boolean outputs must match exactly, whatever the float tolerance.
    const applied = o.type.startsWith('float') ? tolerance : { atol: 0, rtol: 0 };
    const diff = diffOutputs(o.original, o.fused, applied);
    return {
      name: o.name,
      type: o.type,
      dims: o.dims,
      ...diff,
      histogram: diffHistogram(o.original, o.fused),
      notes: explainDiff(diff, applied),
    };
  });
}

/** The verdict over all outputs, with the old boolean kept for JSON readers. */
function verdicts(outputs: readonly OutputComparison[]) {
  const verdict = overallVerdict(outputs.map((o) => o.verdict));
  return { verdict, pass: verdict === 'pass' };
}

/** How a random input was made: "random, seed 1", with the range when floats were scaled. */
function randomText(type: string, options: { seed: number; inputScale: number }): string {
  const range = type.startsWith('float') && options.inputScale !== 1 ? ` in ±${options.inputScale}` : '';
  return `random${range}, seed ${options.seed}`;
}

/** What one model's run showed when the other could not be loaded. */
function partialRunText(failed: NonNullable<RunResult['failed']>, result: RunResult): string {
  const other = failed.model === 'original' ? 'fused' : 'original';
  const stats = latencyStats(result.latency[other]);
  const outputs = result.outputs.map((o) => `${o.name} ${o.type}[${o.dims.join(',')}]`).join(', ');
  return `${failed.message} The ${other} model ran alone: median ${stats.median.toFixed(3)} ms over ${result.latency[other].length} runs (${result.provider}); outputs ${outputs}.`;
}

/** The original model as loaded, its side files named by the locations the model gives them. */
function originalFiles(source: Source, locations: readonly string[]): ModelFiles {
  const locationOf = (name: string) => locations.find((l) => l.split(/[\\/]/).pop() === name) ?? name;
  return {
    model: source.model.blob,
    externalData: source.sideFiles.map((f) => ({ path: locationOf(f.name), data: f.blob })),
  };
}

export const createCompareSlice: StateCreator<AppState, [], [], CompareSlice> = (set, get) => ({
  compareOpen: false,
  compareOptions: {
    provider: 'wasm',
    threads: 1,
    optimization: 'disabled',
    setup: 'same',
    warmup: 3,
    runs: 20,
    seed: 1,
    inputScale: 1,
    sizes: {},
  },
  compareProgress: undefined,
  compareReport: undefined,
  compareRaw: undefined,
  compareError: undefined,
  probe: undefined,
  tolerance: defaultTolerance('float32'),
  image: undefined,
  normalization: 'imagenet',

  async setImage(file) {
    get().image?.bitmap.close();
    if (!file) {
      set({ image: undefined });
      return;
    }
    try {
      set({ image: { name: file.name, bitmap: await createImageBitmap(file) }, compareError: undefined });
    } catch {
      set({ image: undefined, compareError: `${file.name} is not a picture this browser can read.` });
    }
  },

  setNormalization(normalization) {
    set({ normalization });
  },

  openCompare(open) {
    set({ compareOpen: open });
    if (open && !get().probe) {
      probeRuntime().then(
        (probe) => set({ probe }),
        () => set({ probe: { webgpu: false, adapter: '', crossOriginIsolated: false, hardwareConcurrency: 1 } }),
      );
    }
  },

  setCompareOptions(patch) {
    set({ compareOptions: { ...get().compareOptions, ...patch } });
  },

  setTolerance(tolerance) {
    const { compareRaw, compareReport } = get();
    set({ tolerance });
    if (!compareRaw || !compareReport) return;
    const outputs = judge(compareRaw, tolerance);
    set({ compareReport: { ...compareReport, tolerance, outputs, ...verdicts(outputs) } });
  },

  async runCompare() {
    const { snapshot, source, compareOptions: options } = get();
    if (!snapshot || !source || running || (current && !current.cancelled)) return;
    const thisRun = { cancelled: false };
    current = thisRun;
    get().openCompare(true);
    set({ compareError: undefined, compareProgress: { stage: 'preparing', step: 0, total: 0 } });
    try {
      if (snapshot.missingSideFiles.length > 0) {
        throw new Error(
          `The model keeps weights in ${snapshot.missingSideFiles.join(', ')}; open the model together with its side files to compare.`,
        );
      }
      const files = await callWorker(set, 'download', {});
      if (thisRun.cancelled) throw new ComparisonCancelled();
      if (!files) throw new Error('The fused model could not be prepared.');
      const [fusedModel, ...fusedSideFiles] = files.files;
      if (!fusedModel) throw new Error('The fused model could not be prepared.');
      const fused = {
        model: fusedModel.blob,
        externalData: fusedSideFiles.map((f) => ({ path: f.name, data: f.blob })),
      };
      const original = originalFiles(source, snapshot.summary.sideFiles);
      const specs = snapshot.summary.inputs.map((i) => ({ name: i.name, elemType: i.elemType ?? 0, dims: i.dims }));
      const defaults = Object.fromEntries(symbolicDims(specs).map((d) => [d.key, d.value]));
      const inputs = randomInputs(
        specs,
        { ...defaults, ...options.sizes },
        options.seed,
        numberToFloat16Bits,
        options.inputScale,
      );
      const { image, normalization } = get();
      const target = image ? inputs.find((i) => i.name === imageInputName(snapshot.summary.inputs)) : undefined;
      if (image && target) target.data = imageTensor(image.bitmap, target.dims, normalization);
      const optimization =
        options.setup === 'ort-optimizer'
          ? ({ original: 'all', fused: 'disabled' } as const)
          : { original: options.optimization, fused: options.optimization };
      running = startComparison(
        {
          kind: 'compare',
          original,
          fused,
          inputs,
          provider: options.provider,
          threads: options.threads,
          optimization,
          warmup: options.warmup,
          runs: options.runs,
        },
        (compareProgress) => set({ compareProgress }),
      );
      const result = await running.result;
      if (result.failed) {
        // The previous report (if any) stays; this run's usable half is told in words.
        set({ compareError: partialRunText(result.failed, result) });
        return;
      }
      const raw = result.outputs.map((o) => ({
        name: o.name,
        type: o.type,
        dims: o.dims,
        original: numbers(o.type, o.original),
        fused: numbers(o.type, o.fused),
      }));
      const firstFloat = raw.find((o) => o.type.startsWith('float'))?.type ?? 'float32';
      const tolerance = get().compareReport ? get().tolerance : defaultTolerance(firstFloat);
      const outputs = judge(raw, tolerance);
      const originalStats = latencyStats(result.latency.original);
      const fusedStats = latencyStats(result.latency.fused);
      const report: CompareReport = {
        inputs: inputs.map(
          (i) =>
            `${i.name}[${i.dims.join(',')}] ← ${i === target && image ? `${image.name} (${normalization})` : randomText(i.type, options)}`,
        ),
        provider: result.provider,
        threads: result.threads,
        crossOriginIsolated: result.crossOriginIsolated,
        optimization: result.optimization,
        warmup: result.warmup,
        interleaved: result.interleaved,
        unchanged: snapshot.steps.length === 0,
        tolerance,
        outputs,
        latency: { original: originalStats, fused: fusedStats, ratio: fusedStats.median / originalStats.median },
        samples: result.latency,
        ...verdicts(outputs),
      };
      set({ compareReport: report, compareRaw: raw, tolerance });
    } catch (error) {
      if (current !== thisRun) return;
      set({
        compareError:
          error instanceof ComparisonCancelled ? 'Cancelled.' : error instanceof Error ? error.message : String(error),
      });
    } finally {
      if (current === thisRun) {
        running = undefined;
        current = undefined;
        set({ compareProgress: undefined });
      }
    }
  },

  cancelCompare() {
    if (current && !running) {
      current.cancelled = true;
      current = undefined;
      set({ compareProgress: undefined, compareError: 'Cancelled.' });
    }
    running?.cancel();
  },
});
