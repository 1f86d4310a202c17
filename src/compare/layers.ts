import { type CheckMode, type CheckSpec, checkFor, compareStats, type OutputStats } from './stats.ts';

/**
 * Layer-by-layer comparison, as plain data: which intermediate values the two models both have,
 * in which chunks to fetch them so that memory stays bounded, and which value is the first, in
 * topological order, beyond tolerance. Reading models into LayerGraphs (optimize/layer-graph.ts),
 * adding outputs (onnx/extra-outputs.ts) and running (cli/, runtime/) happen elsewhere.
 *
 * Values are matched by name. A fold keeps the names of the values that survive it: a conv that
 * absorbs the BatchNormalization after it takes over the BN's output name (fusion/apply-plan.ts),
 * so the fused conv's output is compared with the original BN's; the conv's old output exists in
 * the original only and is listed as such.
 */

/** The node producing a value: its name, op and index in the graph's node list. */
export interface Producer {
  name: string;
  opType: string;
  index: number;
}

/** A value a node of the main graph produces. */
export interface LayerValue {
  name: string;
  producer: Producer;
  /** Position in topological order (of nodes, then of the node's outputs). */
  order: number;
  /** ONNX element type code; 0 when neither the model nor shape inference knows it. */
  elemType: number;
  /** Sizes or symbols when the rank is known. */
  dims?: (number | string)[];
}

/** A model's values in topological order. */
export interface LayerGraph {
  values: LayerValue[];
}

export interface MatchedLayer {
  name: string;
  /** Order in the original (reference) model. */
  order: number;
  original: LayerValue;
  fused: LayerValue;
}

export interface LayerPlan {
  /** Values both models have, each with a known element type, in the original's order. */
  matched: MatchedLayer[];
  /** Values only one model has, in its order. */
  onlyOriginal: LayerValue[];
  onlyFused: LayerValue[];
  /** Values both have but whose type one side does not know: skipped, and said so. */
  untyped: string[];
}

/** Element types the comparison turns into numbers. */
const NUMERIC_TYPES = new Set([1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 16]);

/** Matches the values both models have, by name. */
export function matchLayers(original: LayerGraph, fused: LayerGraph): LayerPlan {
  const fusedByName = new Map(fused.values.map((v) => [v.name, v]));
  const originalNames = new Set(original.values.map((v) => v.name));
  const matched: MatchedLayer[] = [];
  const untyped: string[] = [];
  for (const value of original.values) {
    const other = fusedByName.get(value.name);
    if (!other) continue;
    if (!NUMERIC_TYPES.has(value.elemType) || !NUMERIC_TYPES.has(other.elemType)) untyped.push(value.name);
    else matched.push({ name: value.name, order: value.order, original: value, fused: other });
  }
  return {
    matched,
    onlyOriginal: original.values.filter((v) => !fusedByName.has(v.name)),
    onlyFused: fused.values.filter((v) => !originalNames.has(v.name)),
    untyped,
  };
}

const BYTES_PER_ELEMENT: Readonly<Record<number, number>> = { 7: 8, 11: 8, 13: 8, 6: 4, 1: 4, 12: 4, 10: 2, 16: 2 };

/**
 * A value's size in bytes for chunking: sizes as known, a symbolic or unknown dim counted as
 * `unknownDim` (the caller passes what it fed, e.g. the batch), an unknown rank as `unknownDim`
 * elements.
 */
export function estimatedBytes(value: LayerValue, unknownDim: number): number {
  const elements = (value.dims ?? [unknownDim]).reduce<number>(
    (p, d) => p * (typeof d === 'number' && d > 0 ? d : unknownDim),
    1,
  );
  return elements * (BYTES_PER_ELEMENT[value.elemType] ?? 1);
}

export interface ChunkLimits {
  /** Bytes of one model's fetched values per chunk (both models' together are twice this). */
  maxBytes: number;
  /** Values per chunk, however small: progress and Cancel come between chunks. */
  maxValues: number;
  unknownDim?: number;
}

export const DEFAULT_CHUNK_LIMITS: ChunkLimits = { maxBytes: 128 * 2 ** 20, maxValues: 64, unknownDim: 64 };

/**
 * Splits the matched values into chunks in order: each chunk's values together stay under
 * maxBytes (a single value larger than that gets a chunk of its own) and maxValues.
 */
export function chunkLayers(
  matched: readonly MatchedLayer[],
  limits: ChunkLimits = DEFAULT_CHUNK_LIMITS,
): MatchedLayer[][] {
  const chunks: MatchedLayer[][] = [];
  let current: MatchedLayer[] = [];
  let bytes = 0;
  for (const layer of matched) {
    const size = Math.max(
      estimatedBytes(layer.original, limits.unknownDim ?? 64),
      estimatedBytes(layer.fused, limits.unknownDim ?? 64),
    );
    if (current.length > 0 && (bytes + size > limits.maxBytes || current.length >= limits.maxValues)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(layer);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** One compared value. */
export interface LayerResult {
  name: string;
  order: number;
  /** The node producing it in each model ("/stem/bn/BatchNormalization" and, once folded, "/stem/conv/Conv"). */
  original: Producer;
  fused: Producer;
  type: string;
  dims: number[];
  stats: OutputStats;
}

/** A value that could not be compared after it was fetched: a run error or a shape change. */
export interface LayerProblem {
  name: string;
  message: string;
}

export interface LayerReport {
  mode: CheckMode;
  /** In the original's topological order. */
  compared: LayerResult[];
  onlyOriginal: { name: string; producer: Producer }[];
  onlyFused: { name: string; producer: Producer }[];
  /** Values skipped: no known type, a shape that changed, or not given back by the runtime. */
  skipped: LayerProblem[];
  chunks: number;
  /** The first value in topological order beyond tolerance; undefined when every compared value passes. */
  firstDivergence?: LayerResult;
}

/** The first failing value in topological order. */
export function firstDivergence(results: readonly LayerResult[]): LayerResult | undefined {
  let first: LayerResult | undefined;
  for (const r of results) if (r.stats.verdict === 'fail' && (!first || r.order < first.order)) first = r;
  return first;
}

/** The report from the plan and the compared chunks' results. */
export function layerReport(
  plan: LayerPlan,
  results: readonly LayerResult[],
  problems: readonly LayerProblem[],
  chunks: number,
  mode: CheckMode,
): LayerReport {
  const compared = [...results].sort((a, b) => a.order - b.order);
  const ref = (v: LayerValue) => ({ name: v.name, producer: v.producer });
  const divergence = firstDivergence(compared);
  return {
    mode,
    compared,
    onlyOriginal: plan.onlyOriginal.map(ref),
    onlyFused: plan.onlyFused.map(ref),
    skipped: [
      ...plan.untyped.map((name) => ({ name, message: 'no known element type (neither declared nor inferred)' })),
      ...problems,
    ],
    chunks,
    ...(divergence ? { firstDivergence: divergence } : {}),
  };
}

/**
 * One sentence for the report's headline. The producer is named in the model on `side` (the one
 * the reader looks at: the graph on screen, or the fused model), and in the other model too when
 * it is another node there (a BN folded into its conv).
 */
export function divergenceText(
  report: LayerReport,
  labels: { reference: string; actual: string } = { reference: 'original', actual: 'fused' },
  side: 'original' | 'fused' = 'fused',
): string {
  const d = report.firstDivergence;
  if (!d) {
    return `No layer diverges: all ${report.compared.length} values both models have are within tolerance.`;
  }
  const other = side === 'fused' ? 'original' : 'fused';
  const label = (s: 'original' | 'fused') => (s === 'original' ? labels.reference : labels.actual);
  const node = (p: Producer) => `${p.name || '(unnamed)'} (${p.opType})`;
  const here = `node ${node(d[side])}`;
  const there = d[other].name === d[side].name ? '' : `; ${node(d[other])} in ${label(other)}`;
  return `First divergence: ${d.name}, produced by ${here}${there}.`;
}

/** A fetched value as numbers (the runner converts float16, int64, … first). */
export interface FetchedValue {
  type: string;
  dims: readonly number[];
  values: ArrayLike<number>;
}

/**
 * Compares one value as both models gave it. Float values are judged by the spec's tolerance
 * and mode for that name; integer and boolean values must match exactly, as outputs do.
 */
export function compareLayer(
  layer: MatchedLayer,
  original: FetchedValue | undefined,
  fused: FetchedValue | undefined,
  spec: CheckSpec,
): LayerResult | LayerProblem {
  if (!original || !fused) {
    const which = !original ? 'original' : 'fused';
    return { name: layer.name, message: `the runtime gave no value from the ${which} model` };
  }
  if (original.dims.join() !== fused.dims.join()) {
    return {
      name: layer.name,
      message: `shape [${original.dims.join(', ')}] in the original, [${fused.dims.join(', ')}] after`,
    };
  }
  const own = checkFor(spec, layer.name);
  const exact = !original.type.startsWith('float') && !fused.type.startsWith('float');
  const tolerance = exact ? { atol: 0, rtol: 0 } : own.tolerance;
  return {
    name: layer.name,
    order: layer.order,
    original: layer.original.producer,
    fused: layer.fused.producer,
    type: original.type,
    dims: [...original.dims],
    stats: compareStats(original.values, fused.values, tolerance, own.mode),
  };
}

export function isLayerResult(r: LayerResult | LayerProblem): r is LayerResult {
  return 'stats' in r;
}

/** One model of a layer comparison: the side whose values a fetch returns. */
export type LayerSide = 'original' | 'fused';

/**
 * Runs one model with a chunk's values as outputs and returns them by name, as numbers (a value
 * the run did not return is undefined and reported as such). The page (onnxruntime-web) and the
 * CLI (onnxruntime-node) each give their own; everything else is this file's.
 */
export type FetchChunk = (
  side: LayerSide,
  chunk: readonly MatchedLayer[],
) => Promise<Record<string, FetchedValue | undefined>>;

/**
 * The layer-by-layer loop the page and the CLI share: the matched values in chunks (so memory
 * holds one chunk's values at a time), each chunk fetched once from each model, every value
 * compared and let go, then the report (the first divergence in topological order).
 * @param progress called before each chunk runs (chunk from 1)
 */
export async function compareInChunks(
  plan: LayerPlan,
  spec: CheckSpec,
  fetch: FetchChunk,
  limits: ChunkLimits = DEFAULT_CHUNK_LIMITS,
  progress: (chunk: number, chunks: number) => void = () => {},
): Promise<LayerReport> {
  const chunks = chunkLayers(plan.matched, limits);
  const results: LayerResult[] = [];
  const problems: LayerProblem[] = [];
  for (const [i, chunk] of chunks.entries()) {
    progress(i + 1, chunks.length);
    const before = await fetch('original', chunk);
    const after = await fetch('fused', chunk);
    for (const layer of chunk) {
      const result = compareLayer(layer, before[layer.name], after[layer.name], spec);
      if (isLayerResult(result)) results.push(result);
      else problems.push(result);
    }
  }
  return layerReport(plan, results, problems, chunks.length, spec.mode);
}
