import { diffOutputs, type OutputDiff, type Tolerance } from '../../src/compare/diff.ts';
import { DataType, decodeModel, encodeModel, indexGraph, listGraphs, topologicalOrder } from '../../src/onnx/index.ts';
import type { ModelProto } from '../../src/onnx/types.ts';
import { toFloat32Model } from './float32-model.ts';
import { type Outputs, outputValues, randomFeeds, runModel } from './ort.ts';

/**
 * Runs the original and the fused model with onnxruntime-node on the same seeded inputs and
 * compares every output. Models in float64 or bfloat16 (no CPU kernels) are judged as float32
 * copies.
 */
export async function judge(
  original: ModelProto,
  fused: ModelProto,
  tolerance: Tolerance,
  seed = 1,
): Promise<Record<string, OutputDiff>> {
  const elemType = original.graph?.input?.[0]?.type?.tensorType?.elemType;
  const castToFloat32 = elemType === DataType.DOUBLE || elemType === DataType.BFLOAT16;
  const prepare = (m: ModelProto) => encodeModel(castToFloat32 ? toFloat32Model(m) : m);
  const a = prepare(original);
  const b = prepare(fused);
  const feeds = randomFeeds(a, seed);
  const [before, after] = await Promise.all([runModel(a, feeds), runModel(b, feeds)]);
  return diffAll(before, after, tolerance, elemType === DataType.FLOAT16 ? 'float16' : 'other');
}

/**
 * Runs `original` (bytes) and the model saved at `path` (with its side files beside it, loaded by
 * onnxruntime-node from disk, as a user would) on the same seeded inputs and compares every output.
 */
export async function judgeOnDisk(
  original: Uint8Array,
  path: string,
  tolerance: Tolerance,
  seed = 1,
): Promise<Record<string, OutputDiff>> {
  const feeds = randomFeeds(original, seed);
  const [before, after] = await Promise.all([runModel(original, feeds), runModel(path, feeds)]);
  return diffAll(before, after, tolerance);
}

/** Every output of `before` against the same output of `after`. */
function diffAll(
  before: Outputs,
  after: Outputs,
  tolerance: Tolerance,
  half: 'float16' | 'other' = 'other',
): Record<string, OutputDiff> {
  const diffs: Record<string, OutputDiff> = {};
  for (const [name, output] of Object.entries(before)) {
    const other = after[name];
    if (!other) throw new Error(`the fused model has no output "${name}"`);
    diffs[name] = diffOutputs(outputValues(output, half), outputValues(other, half), tolerance);
  }
  return diffs;
}

/** Structural validity: re-decodes, every graph in topological order, every input defined, no unused initializer. */
export function checkStructure(model: ModelProto): string[] {
  const problems: string[] = [];
  const decoded = decodeModel(encodeModel(model));
  for (const { graph, path } of listGraphs(decoded)) {
    const index = indexGraph(graph);
    const { order, cyclic } = topologicalOrder(index);
    if (cyclic.length > 0 || order.some((n, i) => n !== i)) problems.push(`${path}: nodes out of topological order`);
    const defined = new Set<string>([...index.inputs.keys(), ...index.initializers.keys(), ...index.producer.keys()]);
    for (const name of index.initializers.keys()) {
      const used = index.consumers.has(name) || index.outputs.has(name);
      if (!used && path === 'main' && !isCapturedBySubgraph(decoded, name))
        problems.push(`${path}: initializer "${name}" is unused`);
    }
    for (const name of index.outputs.keys()) {
      if (!defined.has(name) && path === 'main') problems.push(`${path}: output "${name}" is not produced`);
    }
  }
  return problems;
}

function isCapturedBySubgraph(model: ModelProto, name: string): boolean {
  return listGraphs(model).some(
    ({ path, graph }) => path !== 'main' && (graph.node ?? []).some((n) => (n.input ?? []).includes(name)),
  );
}
