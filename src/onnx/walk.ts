import type { GraphProto, ModelProto, NodeProto, TensorProto } from './types.ts';

/** Where a graph sits in a model: "main", or a path such as "main/If_0.then_branch". */
export interface GraphPlace {
  graph: GraphProto;
  path: string;
  /** The node whose attribute holds this graph, for subgraphs. */
  owner?: NodeProto;
}

/**
 * Every graph of a model: the main graph, subgraphs in node attributes (If/Loop/Scan bodies, at
 * any depth), graphs inside model-local functions' nodes, and training graphs. Iterative, so a
 * deeply nested model cannot overflow the stack.
 */
export function listGraphs(model: ModelProto): GraphPlace[] {
  const found: GraphPlace[] = [];
  const stack: GraphPlace[] = [];
  if (model.graph) stack.push({ graph: model.graph, path: 'main' });
  for (const [i, info] of (model.trainingInfo ?? []).entries()) {
    if (info.initialization) stack.push({ graph: info.initialization, path: `training[${i}].initialization` });
    if (info.algorithm) stack.push({ graph: info.algorithm, path: `training[${i}].algorithm` });
  }
  const pushNodeGraphs = (nodes: readonly NodeProto[], prefix: string): void => {
    for (const [index, node] of nodes.entries()) {
      for (const attribute of node.attribute ?? []) {
        const base = `${prefix}/${node.name || `${node.opType}#${index}`}.${attribute.name}`;
        if (attribute.g) stack.push({ graph: attribute.g, path: base, owner: node });
        for (const [k, g] of (attribute.graphs ?? []).entries()) {
          stack.push({ graph: g, path: `${base}[${k}]`, owner: node });
        }
      }
    }
  };
  for (const fn of model.functions ?? []) pushNodeGraphs(fn.node ?? [], `function:${fn.domain}.${fn.name}`);
  for (let place = stack.pop(); place; place = stack.pop()) {
    found.push(place);
    pushNodeGraphs(place.graph.node ?? [], place.path);
  }
  return found;
}

/** A tensor stored in a model, and where. */
export interface TensorPlace {
  tensor: TensorProto;
  kind: 'initializer' | 'constant' | 'attribute' | 'sparse';
  graphPath: string;
}

/**
 * Every dense tensor stored in a model: initializers, sparse initializers' parts, and tensors in
 * node attributes (Constant nodes' values among them), in every graph and function.
 */
export function listTensors(model: ModelProto): TensorPlace[] {
  const out: TensorPlace[] = [];
  const fromNodes = (nodes: readonly NodeProto[], graphPath: string): void => {
    for (const node of nodes) {
      const kind = node.opType === 'Constant' && !node.domain ? 'constant' : 'attribute';
      for (const attribute of node.attribute ?? []) {
        if (attribute.t) out.push({ tensor: attribute.t, kind, graphPath });
        for (const t of attribute.tensors ?? []) out.push({ tensor: t, kind, graphPath });
        for (const s of [attribute.sparseTensor, ...(attribute.sparseTensors ?? [])]) {
          if (s?.values) out.push({ tensor: s.values, kind: 'sparse', graphPath });
          if (s?.indices) out.push({ tensor: s.indices, kind: 'sparse', graphPath });
        }
      }
    }
  };
  for (const { graph, path } of listGraphs(model)) {
    for (const t of graph.initializer ?? []) out.push({ tensor: t, kind: 'initializer', graphPath: path });
    for (const s of graph.sparseInitializer ?? []) {
      if (s.values) out.push({ tensor: s.values, kind: 'sparse', graphPath: path });
      if (s.indices) out.push({ tensor: s.indices, kind: 'sparse', graphPath: path });
    }
    fromNodes(graph.node ?? [], path);
  }
  for (const fn of model.functions ?? []) fromNodes(fn.node ?? [], `function:${fn.domain}.${fn.name}`);
  return out;
}
