import type { ModelProto } from '../onnx/types.ts';
import { listGraphs } from '../onnx/walk.ts';

/** Nodes in every graph of the model (subgraphs included). */
export function countNodes(model: ModelProto): number {
  return listGraphs(model).reduce((n, { graph }) => n + (graph.node ?? []).length, 0);
}
