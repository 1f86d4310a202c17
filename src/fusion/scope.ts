import { type GraphIndex, indexGraph, int64ToApproxNumber, nodeSubgraphs } from '../onnx/index.ts';
import type { GraphProto, ModelProto, NodeProto } from '../onnx/types.ts';

/**
 * One graph of a model with what fusion needs to know about it: its index, the enclosing graph
 * (a subgraph reads names it does not define from there), and the names its nested subgraphs
 * read from it, which count as uses.
 */
export interface GraphScope {
  graph: GraphProto;
  /** "main", or e.g. "main/If_0.then_branch". */
  path: string;
  index: GraphIndex;
  parent: GraphScope | undefined;
  /** Names that subgraphs of this graph's nodes read from this graph (or above). */
  capturedByChildren: ReadonlySet<string>;
  /** The main graph's own inputs may override its initializers (IR >= 4). */
  isMain: boolean;
}

/** Every graph of the model (main and nested If/Loop/Scan bodies), parents before children. */
export function buildScopes(model: ModelProto): GraphScope[] {
  const scopes: GraphScope[] = [];
  if (!model.graph) return scopes;
  const queue: { graph: GraphProto; path: string; parent: GraphScope | undefined }[] = [
    { graph: model.graph, path: 'main', parent: undefined },
  ];
  for (let head = 0; head < queue.length; head++) {
    const { graph, path, parent } = queue[head] as (typeof queue)[number];
    const scope: GraphScope = {
      graph,
      path,
      index: indexGraph(graph),
      parent,
      capturedByChildren: capturedNames(graph),
      isMain: parent === undefined,
    };
    scopes.push(scope);
    (graph.node ?? []).forEach((node, i) => {
      for (const { attribute, graph: sub } of nodeSubgraphs(node)) {
        queue.push({ graph: sub, path: `${path}/${nodeLabel(node, i)}.${attribute}`, parent: scope });
      }
    });
  }
  return scopes;
}

export function nodeLabel(node: NodeProto, index: number): string {
  return node.name || `${node.opType ?? 'node'}#${index}`;
}

/**
 * Names read by the subgraphs nested in `graph`'s nodes (at any depth) that those subgraphs do
 * not define themselves: references to values of `graph` or of graphs above it.
 */
export function capturedNames(graph: GraphProto): Set<string> {
  const captured = new Set<string>();
  const stack: { graph: GraphProto; defined: ReadonlySet<string> }[] = [];
  const pushChildren = (g: GraphProto, outer: ReadonlySet<string>) => {
    for (const node of g.node ?? []) {
      for (const { graph: sub } of nodeSubgraphs(node)) stack.push({ graph: sub, defined: outer });
    }
  };
  pushChildren(graph, new Set());
  for (let item = stack.pop(); item; item = stack.pop()) {
    const local = new Set(item.defined);
    for (const v of item.graph.input ?? []) local.add(v.name ?? '');
    for (const t of item.graph.initializer ?? []) local.add(t.name ?? '');
    for (const n of item.graph.node ?? []) for (const o of n.output ?? []) local.add(o);
    for (const n of item.graph.node ?? []) {
      for (const input of n.input ?? []) if (input && !local.has(input)) captured.add(input);
    }
    for (const o of item.graph.output ?? []) if (o.name && !local.has(o.name)) captured.add(o.name);
    pushChildren(item.graph, local);
  }
  return captured;
}

/** How many times `name` is read in `scope`: by its nodes, its nested subgraphs and its outputs. */
export function readCount(scope: GraphScope, name: string): number {
  let count = scope.index.consumers.get(name)?.length ?? 0;
  if (scope.capturedByChildren.has(name)) count++;
  if (scope.index.outputs.has(name)) count++;
  return count;
}

export function irVersionOf(model: ModelProto): number {
  return int64ToApproxNumber(model.irVersion);
}
