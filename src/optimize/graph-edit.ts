import type { GraphScope } from '../fusion/scope.ts';
import { nodeSubgraphs } from '../onnx/index.ts';
import type { GraphProto, NodeProto } from '../onnx/types.ts';

/** Stable candidate id: the pass, the graph (left out for the main graph) and the anchor value. */
export function candidateId(pass: string, graphPath: string, anchor: string): string {
  return graphPath === 'main' ? `${pass}:${anchor}` : `${pass}:${graphPath}:${anchor}`;
}

/**
 * Makes every reader of `from` in `graph` read `to` instead: its nodes, and the nodes of nested
 * subgraphs that capture `from` from it (a subgraph defining its own `from` shadows it and is
 * left alone). Graph outputs are not touched: their names are the graph's interface. Input arrays
 * are replaced, never changed in place (they are shared with the caller's model).
 */
export function renameReads(graph: GraphProto, from: string, to: string): void {
  graph.node = (graph.node ?? []).map((node) => {
    if ((node.input ?? []).includes(from)) node.input = (node.input ?? []).map((i) => (i === from ? to : i));
    for (const { graph: sub } of nodeSubgraphs(node)) {
      if (!definesName(sub, from)) {
        renameReads(sub, from, to);
        // A subgraph output may name an outer value directly.
        if ((sub.output ?? []).some((o) => o.name === from)) {
          sub.output = (sub.output ?? []).map((o) => (o.name === from ? { ...o, name: to } : o));
        }
      }
    }
    return node;
  });
}

/** True when `graph` itself defines `name` (input, initializer or node output). */
export function definesName(graph: GraphProto, name: string): boolean {
  return (
    (graph.input ?? []).some((v) => v.name === name) ||
    (graph.initializer ?? []).some((t) => t.name === name) ||
    (graph.node ?? []).some((n) => (n.output ?? []).includes(name))
  );
}

/**
 * Renames a value defined by a node of `graph`: the producing node's output, every reader (see
 * renameReads) and its value_info. Used to let a node take over a graph output's name.
 */
export function renameProducedValue(graph: GraphProto, producer: NodeProto, from: string, to: string): void {
  producer.output = (producer.output ?? []).map((o) => (o === from ? to : o));
  renameReads(graph, from, to);
  if ((graph.valueInfo ?? []).some((v) => v.name === from)) {
    graph.valueInfo = (graph.valueInfo ?? []).filter((v) => v.name !== from);
  }
}

/** Removes these nodes from the graph, and value_info entries of values nothing defines any more. */
export function removeGraphNodes(graph: GraphProto, nodes: ReadonlySet<NodeProto>): void {
  if (nodes.size === 0) return;
  graph.node = (graph.node ?? []).filter((n) => !nodes.has(n));
  const gone = new Set([...nodes].flatMap((n) => n.output ?? []));
  for (const n of graph.node) for (const o of n.output ?? []) gone.delete(o);
  if ((graph.valueInfo ?? []).some((v) => gone.has(v.name ?? ''))) {
    graph.valueInfo = (graph.valueInfo ?? []).filter((v) => !gone.has(v.name ?? ''));
  }
}

/** The node producing `name` in this scope, if a node of this graph does. */
export function producerOf(scope: GraphScope, name: string): NodeProto | undefined {
  const i = scope.index.producer.get(name);
  return i === undefined ? undefined : scope.index.nodes[i];
}

/** The nodes of this graph reading `name` (each once). */
export function readersOf(scope: GraphScope, name: string): NodeProto[] {
  const seen = new Set<number>(scope.index.consumers.get(name) ?? []);
  return [...seen].map((i) => scope.index.nodes[i] as NodeProto);
}

/** A label for a node in messages: its name, else its op and first output. */
export function nodeTitle(node: NodeProto): string {
  return node.name || `${node.opType ?? 'node'} → ${node.output?.[0] ?? ''}`;
}
