/**
 * `--layers` on the command line: every intermediate value both models have is fetched with
 * onnxruntime-node, chunk by chunk, and compared (compare/layers.ts has the rules).
 */

import { readFile } from 'node:fs/promises';
import type { Tolerance } from '../compare/diff.ts';
import type { JudgeOptions } from '../compare/judge.ts';
import {
  type ChunkLimits,
  compareInChunks,
  type FetchChunk,
  type FetchedValue,
  type LayerReport,
  matchLayers,
} from '../compare/layers.ts';
import { outputNumbers } from '../compare/numbers.ts';
import { type CheckSpec, ELEMENTWISE } from '../compare/stats.ts';
import { extraOutputsSuffix } from '../onnx/extra-outputs.ts';
import { halfFloats } from '../onnx/float16.ts';
import { decodeModel } from '../onnx/index.ts';
import { layerGraphOf } from '../optimize/layer-graph.ts';
import { type LayerModel, outputsRunner } from './layer-model.ts';
import type { Feeds, Outputs } from './ort-runner.ts';

const half = halfFloats();

/** An output of onnxruntime-node as numbers (compare/numbers.ts: every element type). */
function numbers(output: Outputs[string]): FetchedValue {
  return { type: output.type, dims: output.dims, values: outputNumbers(output.type, output.data, half) };
}

export interface LayerRunOptions {
  spec: CheckSpec;
  limits?: ChunkLimits;
  /** Called before each chunk runs (chunk from 1). */
  progress?: (chunk: number, chunks: number) => void;
}

/**
 * Compares two models layer by layer on `feeds`. Each chunk runs each model once with the chunk's
 * values appended as outputs (onnx/extra-outputs.ts: the model's bytes are not re-encoded), so at
 * most one chunk's values are held at a time. A model with side files runs from a hidden copy of
 * its .onnx beside it (layer-model.ts).
 */
export async function compareLayersWithOrt(
  original: LayerModel | Uint8Array,
  fused: LayerModel | Uint8Array,
  feeds: Feeds,
  options: LayerRunOptions,
): Promise<LayerReport> {
  const models = { original: layerModel(original), fused: layerModel(fused) };
  const plan = matchLayers(layerGraphOf(models.original.model), layerGraphOf(models.fused.model));
  const runners = {
    original: await outputsRunner(models.original, 'original'),
    fused: await outputsRunner(models.fused, 'other'),
  };
  const fetch: FetchChunk = async (side, chunk) => {
    const suffix = extraOutputsSuffix(chunk.map((l) => ({ name: l.name, elemType: l[side].elemType })));
    const outputs = await runners[side].run(suffix, feeds);
    return Object.fromEntries(
      chunk.map((l) => {
        const output = outputs[l.name];
        return [l.name, output && numbers(output)];
      }),
    );
  };
  try {
    return await compareInChunks(plan, options.spec, fetch, options.limits, options.progress);
  } finally {
    await runners.original.close();
    await runners.fused.close();
  }
}

function layerModel(model: LayerModel | Uint8Array): LayerModel {
  return model instanceof Uint8Array ? { bytes: model, model: decodeModel(model) } : model;
}

/**
 * `--layers` within a verification: the models as the verification ran them (bytes, and the
 * files' paths so that side files are found). Float values are judged at the run's tolerance with
 * `options` on top, as outputs are.
 */
export async function layersOfRun(
  original: { bytes: Uint8Array; path?: string },
  other: Uint8Array | string,
  feeds: Feeds,
  runTolerance: Tolerance,
  options: JudgeOptions,
): Promise<{ layers: LayerReport }> {
  const otherBytes = typeof other === 'string' ? new Uint8Array(await readFile(other)) : other;
  const tolerance = { ...runTolerance, ...definedOnly(options.tolerance ?? {}) };
  const spec: CheckSpec = {
    tolerance,
    mode: options.mode ?? ELEMENTWISE,
    ...(options.perOutput ? { perOutput: options.perOutput } : {}),
  };
  const models = {
    original: { bytes: original.bytes, model: decodeModel(original.bytes), ...pathOf(original.path) },
    other: {
      bytes: otherBytes,
      model: decodeModel(otherBytes),
      ...pathOf(typeof other === 'string' ? other : undefined),
    },
  };
  return { layers: await compareLayersWithOrt(models.original, models.other, feeds, { spec }) };
}

const pathOf = (path: string | undefined) => (path === undefined ? {} : { path });

function definedOnly(t: Partial<Tolerance>): Partial<Tolerance> {
  return Object.fromEntries(Object.entries(t).filter(([, v]) => v !== undefined));
}
