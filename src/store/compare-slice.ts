import type { StateCreator } from 'zustand';
import { defaultTolerance } from '../compare/diff.ts';
import { imageInputName } from '../compare/image.ts';
import type { InputSpec } from '../compare/inputs.ts';
import { judgePairs, type OutputPairValues, pairOutputs, runTolerance, verdictOver } from '../compare/judge.ts';
import { latencyStats } from '../compare/latency.ts';
import { matchingNote } from '../compare/match.ts';
import { outputNumbers } from '../compare/numbers.ts';
import { checkTensorType, type InputSource, planInputs } from '../compare/plan.ts';
import { inputsRefused } from '../compare/refusal.ts';
import { decodePicture, picturePixels, readTensorFile } from '../io/index.ts';
import { halfFloats } from '../onnx/float16.ts';
import { ComparisonCancelled, probeRuntime, type RunningComparison, startComparison } from '../runtime/client.ts';
import type { ModelFiles, RunOutput, RunResult } from '../runtime/protocol.ts';
import { type CompareReport, FUSED_LABELS } from './compare-report.ts';
import type { CompareSlice, InputChoice } from './compare-types.ts';
import { comparisonSetup, modelKey } from './layers-slice.ts';
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

/** How to give other inputs, with the panel's own controls: said whenever the inputs are the problem. */
const PAGE_INPUT_ADVICE =
  'Give real inputs under "Data for …" in the options above (values, a .npy or .pb file, a picture), or other sizes for the symbolic dimensions.';

type Labels = { reference: string; actual: string };

/** What one model's run showed when the other could not be loaded. */
function partialRunText(failed: NonNullable<RunResult['failed']>, result: RunResult, labels: Labels): string {
  const other = failed.model === 'original' ? 'fused' : 'original';
  const stats = latencyStats(result.latency[other]);
  const outputs = result.outputs[other].map((o) => `${o.name} ${o.type}[${o.dims.join(',')}]`).join(', ');
  const name = other === 'original' ? labels.reference : labels.actual;
  return `${failed.message} The ${name} model ran alone: median ${stats.median.toFixed(3)} ms over ${result.latency[other].length} runs (${result.provider}); outputs ${outputs}.`;
}

/** The original model as loaded, its side files named by the locations the model gives them. */
function originalFiles(source: Source, locations: readonly string[]): ModelFiles {
  const locationOf = (name: string) => locations.find((l) => l.split(/[\\/]/).pop() === name) ?? name;
  return {
    model: source.model.blob,
    externalData: source.sideFiles.map((f) => ({ path: locationOf(f.name), data: f.blob })),
  };
}

/** The model as it is now, with every change, as the worker saves it. */
async function currentFiles(set: Parameters<typeof callWorker>[0]): Promise<ModelFiles> {
  const files = await callWorker(set, 'download', {});
  const [model, ...sideFiles] = files?.files ?? [];
  if (!model) throw new Error('The changed model could not be prepared.');
  return { model: model.blob, externalData: sideFiles.map((f) => ({ path: f.name, data: f.blob })) };
}

/** The panel's choices as the comparison core's input sources. */
function inputSources(
  choices: Readonly<Record<string, InputChoice>>,
  image: CompareSlice['image'],
  imageInput: string | undefined,
  normalization: CompareSlice['normalization'],
): Record<string, InputSource> {
  const sources: Record<string, InputSource> = {};
  for (const [name, choice] of Object.entries(choices)) {
    if (choice.kind === 'values') sources[name] = { kind: 'values', text: choice.text };
    if (choice.kind === 'file') sources[name] = { kind: 'tensor', label: choice.fileName, tensor: choice.tensor };
  }
  const pictureTarget = imageInput && (choices[imageInput]?.kind ?? 'picture') === 'picture' ? imageInput : undefined;
  if (image && pictureTarget) {
    const bitmap = image.bitmap;
    sources[pictureTarget] = {
      kind: 'image',
      label: image.name,
      normalization,
      pixels: (width, height) => picturePixels(bitmap, width, height),
    };
  }
  return sources;
}

/** Each model's outputs as numbers, paired by name (else by position). */
function pairRun(result: RunResult) {
  const half = halfFloats();
  const numbers = (outputs: RunOutput[]) =>
    outputs.map((o) => ({ name: o.name, type: o.type, dims: o.dims, values: outputNumbers(o.type, o.data, half) }));
  return pairOutputs(numbers(result.outputs.original), numbers(result.outputs.fused));
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
  inputChoices: {},
  compareWith: undefined,

  async setImage(file) {
    get().image?.bitmap.close();
    const target = imageInputName(get().snapshot?.summary.inputs ?? []);
    const choices = { ...get().inputChoices };
    if (target) delete choices[target];
    if (!file) {
      set({ image: undefined, inputChoices: choices });
      return;
    }
    try {
      const bitmap = await decodePicture(file);
      if (target) choices[target] = { kind: 'picture' };
      set({ image: { name: file.name, bitmap }, inputChoices: choices, compareError: undefined });
    } catch (error) {
      set({ image: undefined, inputChoices: choices, compareError: (error as Error).message });
    }
  },

  setNormalization(normalization) {
    set({ normalization });
  },

  setInputChoice(input, choice) {
    set({ inputChoices: { ...get().inputChoices, [input]: choice } });
  },

  async loadInputFile(input, file) {
    const spec = get().snapshot?.summary.inputs.find((i) => i.name === input);
    try {
      const read = await readTensorFile(file);
      if (spec) checkTensorType({ name: spec.name, elemType: spec.elemType ?? 0, dims: spec.dims }, read, file.name);
      const choice: InputChoice = { kind: 'file', fileName: file.name, format: read.format, tensor: read };
      set({ inputChoices: { ...get().inputChoices, [input]: choice }, compareError: undefined });
    } catch (error) {
      set({ compareError: error instanceof Error ? error.message : String(error) });
    }
  },

  setCompareWith(files) {
    const model = files.find((f) => /\.(onnx|ort)$/i.test(f.name)) ?? files[0];
    if (!model) {
      set({ compareWith: undefined });
      return;
    }
    set({
      compareWith: { name: model.name, model, sideFiles: files.filter((f) => f !== model) },
      compareError: undefined,
    });
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
    const outputs = judgePairs(compareRaw, tolerance, get().outputCheck);
    set({ compareReport: { ...compareReport, tolerance, outputs, ...verdictOver(outputs, compareReport.matching) } });
  },

  async runCompare() {
    const { snapshot, source, compareOptions: options, compareWith } = get();
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
      const asOpened = originalFiles(source, snapshot.summary.sideFiles);
      const changed = snapshot.steps.length > 0 || !compareWith;
      // With a file: the loaded model as it is now against that file. Without: the model as
      // opened against its changes.
      const now = changed ? await currentFiles(set) : asOpened;
      if (thisRun.cancelled) throw new ComparisonCancelled();
      const [original, fused] = compareWith
        ? [
            now,
            {
              model: compareWith.model,
              externalData: compareWith.sideFiles.map((f) => ({ path: f.name, data: f as Blob })),
            },
          ]
        : [asOpened, now];
      const labels = compareWith
        ? {
            reference: snapshot.name === compareWith.name ? `loaded ${snapshot.name}` : snapshot.name,
            actual: compareWith.name,
          }
        : FUSED_LABELS;
      const specs: InputSpec[] = snapshot.summary.inputs.map((i) => ({
        name: i.name,
        elemType: i.elemType ?? 0,
        dims: i.dims,
      }));
      const { image, normalization } = get();
      // Choices made for another model's inputs are left out.
      const inputChoices = Object.fromEntries(
        Object.entries(get().inputChoices).filter(([name]) => specs.some((s) => s.name === name)),
      );
      const inputs = planInputs(specs, {
        seed: options.seed,
        inputScale: options.inputScale,
        sizes: options.sizes,
        sources: inputSources(inputChoices, image, imageInputName(snapshot.summary.inputs), normalization),
        half: halfFloats(),
      });
      const optimization =
        options.setup === 'ort-optimizer' && !compareWith
          ? ({ original: 'all', fused: 'disabled' } as const)
          : { original: options.optimization, fused: options.optimization };
      running = startComparison(
        {
          kind: 'compare',
          original,
          fused,
          inputs: inputs.map(({ name, type, dims, data }) => ({ name, type, dims, data })),
          provider: options.provider,
          threads: options.threads,
          optimization,
          warmup: options.warmup,
          runs: options.runs,
        },
        (compareProgress) => set({ compareProgress }),
      );
      // "Compare layers" compares these same two models on these inputs (layers-slice.ts).
      const layerInputs = inputs.map(({ name, type, dims, data }) => ({ name, type, dims, data }));
      set({
        layerSource: {
          original,
          fused,
          inputs: layerInputs,
          labels,
          graphSide: compareWith ? 'original' : 'fused',
          provider: options.provider,
          threads: options.threads,
          modelKey: modelKey(get()),
          setup: comparisonSetup(get()),
        },
      });
      const result = await running.result;
      if (result.failed?.stage === 'run' && result.failed.model === 'original') {
        throw inputsRefused(labels.reference, result.failed.message, inputs, PAGE_INPUT_ADVICE);
      }
      if (result.failed?.stage === 'run') {
        throw new Error(
          `The ${labels.actual} model cannot run on the inputs the ${labels.reference} model ran on, so the models differ. onnxruntime said: ${result.failed.message}`,
        );
      }
      if (result.failed) {
        // The previous report (if any) stays; this run's usable half is told in words.
        set({ compareError: partialRunText(result.failed, result, labels) });
        return;
      }
      const { pairs, matching } = pairRun(result);
      const tolerance = get().compareReport ? get().tolerance : runTolerance(pairs);
      const outputs = judgePairs(pairs, tolerance, get().outputCheck);
      const note = matchingNote(matching, labels);
      const originalStats = latencyStats(result.latency.original);
      const fusedStats = latencyStats(result.latency.fused);
      const report: CompareReport = {
        inputs: inputs.map((i) => `${i.name}[${i.dims.join(',')}] ← ${i.source}`),
        labels,
        matching: { onlyReference: matching.onlyReference, onlyActual: matching.onlyActual, ...(note ? { note } : {}) },
        provider: result.provider,
        threads: result.threads,
        crossOriginIsolated: result.crossOriginIsolated,
        optimization: result.optimization,
        warmup: result.warmup,
        interleaved: result.interleaved,
        unchanged: !compareWith && snapshot.steps.length === 0,
        tolerance,
        outputs,
        latency: { original: originalStats, fused: fusedStats, ratio: fusedStats.median / originalStats.median },
        samples: result.latency,
        ...verdictOver(outputs, matching),
      };
      set({ compareReport: report, compareRaw: pairs satisfies OutputPairValues[], tolerance });
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
