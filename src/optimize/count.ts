import { listGraphs } from '../onnx/index.ts';
import type { ModelProto } from '../onnx/types.ts';

/** Nodes and initializers in every graph of the model (subgraphs included, functions not). */
export function countModel(model: ModelProto): { nodes: number; initializers: number } {
  let nodes = 0;
  let initializers = 0;
  for (const { graph, path } of listGraphs(model)) {
    if (path.startsWith('function:')) continue;
    nodes += graph.node?.length ?? 0;
    initializers += graph.initializer?.length ?? 0;
  }
  return { nodes, initializers };
}
