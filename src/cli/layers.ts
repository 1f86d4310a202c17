/**
 * `--layers` on the command line: every intermediate value both models have is fetched with
 * onnxruntime-node, chunk by chunk, and compared (compare/layers.ts has the rules).
 */

import { readFile } from 'node:fs/promises';
import type { Tolerance } from '../compare/diff.ts';
import type { JudgeOptions } from '../compare/judge.ts';
import {
  chunkLayers,
  compareLayer,
  DEFAULT_CHUNK_LIMITS,
  type FetchedValue,
  isLayerResult,
  type LayerProblem,
  type LayerReport,
  type LayerResult,
  layerReport,
  matchLayers,
} from '../compare/layers.ts';
import { type CheckSpec, ELEMENTWISE } from '../compare/stats.ts';
import { extraOutputsSuffix } from '../onnx/extra-outputs.ts';
import { bfloat16BitsToNumber, float16BitsToNumber } from '../onnx/float16.ts';
import { decodeModel, requiredSideFiles } from '../onnx/index.ts';
import { layerGraphOf } from '../optimize/layer-graph.ts';
import { type Feeds, type Outputs, runModel } from './ort-runner.ts';

function numbers(output: Outputs[string]): FetchedValue {
  const { type, data, dims } = output;
  const values =
    type === 'float16'
      ? Float64Array.from(data as Uint16Array, float16BitsToNumber)
      : type === 'bfloat16'
        ? Float64Array.from(data as Uint16Array, bfloat16BitsToNumber)
        : data instanceof BigInt64Array
          ? Float64Array.from(data, Number)
          : (data as ArrayLike<number>);
  return { type, dims, values };
}

function join(bytes: Uint8Array, suffix: Uint8Array): Uint8Array {
  const joined = new Uint8Array(bytes.length + suffix.length);
  joined.set(bytes);
  joined.set(suffix, bytes.length);
  return joined;
}

export interface LayerRunOptions {
  spec: CheckSpec;
  limits?: typeof DEFAULT_CHUNK_LIMITS;
  /** Called before each chunk runs (chunk from 1). */
  progress?: (chunk: number, chunks: number) => void;
}

/**
 * Compares two models layer by layer on `feeds`. Each chunk runs each model once with the chunk's
 * values appended as outputs (onnx/extra-outputs.ts: the model's bytes are not re-encoded), so
 * at most one chunk's values are held at a time. Models must be given as bytes with their weights
 * inside (a model with side files is refused by the caller).
 */
export async function compareLayersWithOrt(
  original: Uint8Array,
  fused: Uint8Array,
  feeds: Feeds,
  options: LayerRunOptions,
): Promise<LayerReport> {
  const plan = matchLayers(layerGraphOf(decodeModel(original)), layerGraphOf(decodeModel(fused)));
  const chunks = chunkLayers(plan.matched, options.limits ?? DEFAULT_CHUNK_LIMITS);
  const results: LayerResult[] = [];
  const problems: LayerProblem[] = [];
  for (const [i, chunk] of chunks.entries()) {
    options.progress?.(i + 1, chunks.length);
    const run = (bytes: Uint8Array, side: 'original' | 'fused') =>
      runModel(
        join(bytes, extraOutputsSuffix(chunk.map((l) => ({ name: l.name, elemType: l[side].elemType })))),
        feeds,
      );
    const before = await run(original, 'original');
    const after = await run(fused, 'fused');
    for (const layer of chunk) {
      const a = before[layer.name];
      const b = after[layer.name];
      const result = compareLayer(layer, a && numbers(a), b && numbers(b), options.spec);
      if (isLayerResult(result)) results.push(result);
      else problems.push(result);
    }
  }
  return layerReport(plan, results, problems, chunks.length, options.spec.mode);
}

/**
 * `--layers` within a verification: the other model's bytes read from its path, both models
 * refused (with the reason, not an error) when their weights live in side files, which a model
 * given to onnxruntime-node as bytes cannot find. Float values are judged at the run's tolerance
 * with `options` on top, as outputs are.
 */
export async function layersOfRun(
  original: Uint8Array,
  other: Uint8Array | string,
  feeds: Feeds,
  runTolerance: Tolerance,
  options: JudgeOptions,
): Promise<{ layers: LayerReport } | { layersRefused: string }> {
  const otherBytes = typeof other === 'string' ? new Uint8Array(await readFile(other)) : other;
  const withSideFiles = [original, otherBytes].some((bytes) => requiredSideFiles(decodeModel(bytes)).length > 0);
  if (withSideFiles) {
    return {
      layersRefused:
        'layer by layer needs both models with their weights inside the .onnx file (side files are not read for --layers yet)',
    };
  }
  const tolerance = { ...runTolerance, ...definedOnly(options.tolerance ?? {}) };
  const spec: CheckSpec = {
    tolerance,
    mode: options.mode ?? ELEMENTWISE,
    ...(options.perOutput ? { perOutput: options.perOutput } : {}),
  };
  return { layers: await compareLayersWithOrt(original, otherBytes, feeds, { spec }) };
}

function definedOnly(t: Partial<Tolerance>): Partial<Tolerance> {
  return Object.fromEntries(Object.entries(t).filter(([, v]) => v !== undefined));
}
