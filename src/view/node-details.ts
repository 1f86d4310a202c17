import { attributeValue } from '../layout/attributes.ts';
import {
  dataTypeName,
  FLOAT_TYPES,
  formatType,
  indexGraph,
  isExternal,
  readExternalBytes,
  readFloatValues,
  type SideFiles,
  tensorDims,
} from '../onnx/index.ts';
import type { GraphProto, TensorProto } from '../onnx/types.ts';
import { editableAttribute } from './attribute-edit.ts';
import type { NodeDetails, TensorStats } from './types.ts';

/** Details of the node at `index` in the main graph, for the inspector. */
export function nodeDetails(
  graph: GraphProto,
  index: number,
  id: string,
  sideFiles: SideFiles,
): NodeDetails | undefined {
  const g = indexGraph(graph);
  const node = g.nodes[index];
  if (!node) return undefined;
  const typeOf = (name: string) => {
    const info = g.valueInfo.get(name) ?? g.inputs.get(name) ?? g.outputs.get(name);
    return info ? formatType(info.type) : '';
  };
  const constantOf = (name: string): TensorProto | undefined => {
    const init = g.initializers.get(name);
    if (init) return init;
    const p = g.producer.get(name);
    const producer = p === undefined ? undefined : g.nodes[p];
    if (producer?.opType === 'Constant' && !producer.domain)
      return producer.attribute?.find((a) => a.name === 'value')?.t ?? undefined;
    return undefined;
  };
  return {
    id,
    op: node.opType ?? '',
    name: node.name ?? '',
    domain: node.domain ?? '',
    docString: node.docString ?? '',
    attributes: (node.attribute ?? []).map((a) => {
      const editable = editableAttribute(a);
      return { name: a.name ?? '', value: attributeValue(a, 200), ...(editable ? { editable } : {}) };
    }),
    inputs: (node.input ?? []).map((name) => {
      const tensor = constantOf(name);
      if (!tensor) return { name, type: typeOf(name) };
      const stats = { name, type: typeOf(name), tensor: tensorStats(tensor, sideFiles) };
      return g.initializers.has(name) ? { ...stats, initializer: true } : stats;
    }),
    outputs: (node.output ?? []).map((name) => ({ name, type: typeOf(name) })),
  };
}

export function tensorStats(tensor: TensorProto, sideFiles: SideFiles): TensorStats {
  const dtype = dataTypeName(tensor.dataType ?? 0);
  let dims: number[];
  try {
    dims = tensorDims(tensor);
  } catch {
    return { dtype, dims: [], count: 0, note: 'invalid dims' };
  }
  const count = dims.reduce((p, d) => p * d, 1);
  if (!FLOAT_TYPES.has(tensor.dataType ?? 0))
    return { dtype, dims, count, note: 'statistics are shown for float tensors' };
  try {
    const values = readFloatValues(tensor, isExternal(tensor) ? readExternalBytes(tensor, sideFiles) : undefined);
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    let sum = 0;
    for (const v of values) {
      if (v < min) min = v;
      if (v > max) max = v;
      sum += v;
    }
    return values.length === 0 ? { dtype, dims, count } : { dtype, dims, count, min, max, mean: sum / values.length };
  } catch (error) {
    return { dtype, dims, count, note: error instanceof Error ? error.message : String(error) };
  }
}
