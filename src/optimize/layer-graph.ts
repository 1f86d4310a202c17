import type { LayerGraph, LayerValue } from '../compare/layers.ts';
import { indexGraph, int64ToApproxNumber, topologicalOrder } from '../onnx/index.ts';
import type { ModelProto, ValueInfoProto } from '../onnx/types.ts';
import { inferShapes, lookupShape } from './shape/infer.ts';
import type { InferredShapes } from './shape/types.ts';

/** A declared value's element type and dims, when the file states them. */
function declared(info: ValueInfoProto | undefined): { elemType: number; dims?: (number | string)[] } | undefined {
  const tensor = info?.type?.tensorType;
  if (!tensor?.elemType) return undefined;
  const dims = tensor.shape?.dim?.map((d) =>
    d.dimValue !== null && d.dimValue !== undefined ? int64ToApproxNumber(d.dimValue) : (d.dimParam ?? ''),
  );
  return { elemType: tensor.elemType, ...(dims ? { dims } : {}) };
}

/**
 * The values the main graph's nodes produce, in topological order, each with its producer and its
 * type: as value_info or the graph outputs declare it, else as shape inference finds it (pass
 * `shapes` when they are already known; they are inferred otherwise). Constant nodes are left out:
 * their outputs are weights, not layers. Values inside subgraphs (If/Loop bodies) are not listed:
 * only the main graph's values can be made outputs.
 */
export function layerGraphOf(model: ModelProto, shapes?: InferredShapes): LayerGraph {
  const graph = model.graph;
  if (!graph) return { values: [] };
  const index = indexGraph(graph);
  const inferred = shapes ?? inferShapes(model);
  const values: LayerValue[] = [];
  for (const nodeIndex of topologicalOrder(index).order) {
    const node = index.nodes[nodeIndex];
    if (!node || (node.opType === 'Constant' && !node.domain)) continue;
    for (const name of node.output ?? []) {
      if (!name) continue;
      const known = declared(index.valueInfo.get(name) ?? index.outputs.get(name));
      const shape = known ?? lookupShape(inferred, 'main', name);
      values.push({
        name,
        producer: { name: node.name ?? '', opType: node.opType ?? '', index: nodeIndex },
        order: values.length,
        elemType: shape?.elemType ?? 0,
        ...(shape?.dims ? { dims: [...shape.dims] } : {}),
      });
    }
  }
  return { values };
}
