import type * as Ort from 'onnxruntime-web';
import {
  compareInChunks,
  type FetchChunk,
  type FetchedValue,
  type LayerReport,
  matchLayers,
} from '../compare/layers.ts';
import { type OutputValues, outputNumbers } from '../compare/numbers.ts';
import type { CompareProgress } from '../compare/progress.ts';
import { extraOutputsSuffix } from '../onnx/extra-outputs.ts';
import { halfFloats } from '../onnx/float16.ts';
import { decodeModel } from '../onnx/index.ts';
import { layerGraphOf } from '../optimize/layer-graph.ts';
// The chunked Blob reader is shared with the model worker, which reads opened files the same way.
import { readBlob, WHOLE_READ_LIMIT } from '../worker/read-files.ts';
import type { LayersRequest } from './layers-protocol.ts';
import type { ModelFiles } from './protocol.ts';

type OrtModule = typeof Ort;

const half = halfFloats();

/** A fetched tensor as numbers (compare/numbers.ts: every element type, float16/bfloat16 from their bits). */
function fetched(tensor: Ort.Tensor): FetchedValue {
  // onnxruntime-web's type names lack bfloat16; a model's bfloat16 value arrives under its own name.
  const type: string = tensor.type;
  return { type, dims: tensor.dims, values: outputNumbers(type, tensor.data as OutputValues, half) };
}

function join(bytes: Uint8Array, suffix: Uint8Array): Uint8Array {
  const joined = new Uint8Array(bytes.length + suffix.length);
  joined.set(bytes);
  joined.set(suffix, bytes.length);
  return joined;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Compares two models layer by layer with onnxruntime-web: reads both models' values and types
 * (shape inference where the file declares none), matches them by name, and for each chunk runs
 * each model once with the chunk's values appended as outputs (onnx/extra-outputs.ts: the model's
 * bytes are not encoded again), compares them, and lets them go. Only the statistics come back:
 * memory holds one chunk's values at a time, and Cancel (terminating the worker) can come between
 * any two chunks.
 */
export async function runLayers(
  ort: OrtModule,
  request: LayersRequest,
  progress: (progress: CompareProgress) => void,
): Promise<LayerReport> {
  ort.env.wasm.numThreads = request.threads;
  progress({ stage: 'reading the models', step: 0, total: 0 });
  const bytes = {
    original: new Uint8Array(await readBlob(request.original.model)),
    fused: new Uint8Array(await readBlob(request.fused.model)),
  };
  const plan = matchLayers(layerGraphOf(decodeModel(bytes.original)), layerGraphOf(decodeModel(bytes.fused)));
  const feeds: Record<string, Ort.Tensor> = {};
  for (const input of request.inputs) {
    feeds[input.name] = new ort.Tensor(input.type as Ort.Tensor.Type, input.data as Ort.Tensor.DataType, input.dims);
  }
  // onnxruntime-web reads a Blob side file whole, which Chromium refuses past 2 GiB: such files are
  // read here once, in pieces (as run-comparison.ts does), and handed over as bytes for every chunk.
  const sideFiles = async (files: ModelFiles) =>
    Promise.all(
      files.externalData.map(async (f) => ({
        path: f.path,
        data: f.data.size >= WHOLE_READ_LIMIT ? new Uint8Array(await readBlob(f.data)) : f.data,
      })),
    );
  const externalData = { original: await sideFiles(request.original), fused: await sideFiles(request.fused) };
  const fetch: FetchChunk = async (side, chunk) => {
    const suffix = extraOutputsSuffix(chunk.map((l) => ({ name: l.name, elemType: l[side].elemType })));
    let session: Ort.InferenceSession;
    try {
      session = await ort.InferenceSession.create(join(bytes[side], suffix), {
        executionProviders: [request.provider],
        graphOptimizationLevel: 'disabled',
        externalData: externalData[side],
      });
    } catch (error) {
      throw new Error(
        `onnxruntime-web could not load the ${side} model with its layers as outputs: ${errorText(error)}`,
      );
    }
    try {
      const outputs = await session.run(
        feeds,
        chunk.map((l) => l.name),
      );
      return Object.fromEntries(
        chunk.map((l) => {
          const output = outputs[l.name];
          return [l.name, output && fetched(output)];
        }),
      );
    } finally {
      await session.release();
    }
  };
  return compareInChunks(plan, request.spec, fetch, request.limits, (step, total) =>
    progress({ stage: 'comparing layers', step, total }),
  );
}
