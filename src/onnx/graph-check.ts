import { OnnxError } from './errors.ts';
import { indexGraph, nodeSubgraphs, topologicalOrder } from './graph-index.ts';
import type { GraphProto, ModelProto, NodeProto } from './types.ts';

/** Most nodes (all graphs together) a model may have: past this no view or fusion stays responsive. */
export const MAX_MODEL_NODES = 500_000;

interface Scope {
  graph: GraphProto;
  /** Names defined in this graph: its inputs, initializers and node outputs. */
  defined: Set<string>;
  parent: Scope | undefined;
}

/**
 * Checks the rules of ONNX graphs that the rest of the app relies on, in the main graph and every
 * If/Loop/Scan body: each node has an op type; each value has one definition (one producing node,
 * or an input or initializer); every value read is defined in its graph or an enclosing one; and
 * no node depends on its own output. A model breaking them cannot run, and fusing it could
 * rewrite the wrong node, so it is refused with the rule and the node that breaks it.
 * Iterative, linear in the model's size.
 * @throws OnnxError INVALID_NODE, DUPLICATE_OUTPUT, DANGLING_INPUT, DANGLING_OUTPUT, GRAPH_CYCLE or TOO_MANY_NODES
 */
export function checkGraphs(model: ModelProto): void {
  if (!model.graph) return;
  let nodeCount = 0;
  const stack: { graph: GraphProto; parent: Scope | undefined; path: string }[] = [
    { graph: model.graph, parent: undefined, path: 'the main graph' },
  ];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const { graph, parent, path } = item;
    const nodes = graph.node ?? [];
    nodeCount += nodes.length;
    if (nodeCount > MAX_MODEL_NODES) {
      throw new OnnxError(
        'TOO_MANY_NODES',
        `The model has more than ${MAX_MODEL_NODES.toLocaleString('en-US')} nodes, more than bnfold can show.`,
      );
    }
    const scope: Scope = { graph, defined: definitions(graph, path), parent };
    checkReads(scope, path);
    checkAcyclic(graph, path);
    nodes.forEach((node, i) => {
      for (const { attribute, graph: sub } of nodeSubgraphs(node)) {
        stack.push({ graph: sub, parent: scope, path: `the ${attribute} of ${describeNode(node, i)}` });
      }
    });
  }
}

/** A node as a user can find it: its name (or position) and op type. */
function describeNode(node: NodeProto, index: number): string {
  const name = node.name ? `"${clip(node.name)}"` : `#${index}`;
  return node.opType ? `node ${name} (${clip(node.opType)})` : `node ${name}`;
}

/** Names from the file can be megabytes long; a message shows a readable start. */
function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

function definitions(graph: GraphProto, path: string): Set<string> {
  const outer = new Set<string>();
  for (const v of graph.input ?? []) if (v.name) outer.add(v.name);
  for (const t of graph.initializer ?? []) if (t.name) outer.add(t.name);
  for (const s of graph.sparseInitializer ?? []) if (s.values?.name) outer.add(s.values.name);
  const defined = new Set(outer);
  const producer = new Map<string, number>();
  (graph.node ?? []).forEach((node, i) => {
    if (!node.opType) {
      throw new OnnxError('INVALID_NODE', `In ${path}, ${describeNode(node, i)} has no op type: the model is damaged.`);
    }
    for (const output of node.output ?? []) {
      if (!output) continue; // "" marks an omitted optional output
      const other = producer.get(output);
      if (other !== undefined || outer.has(output)) {
        const first =
          other !== undefined
            ? `${describeNode(graph.node?.[other] ?? {}, other)} already writes it`
            : 'it is already a graph input or initializer';
        throw new OnnxError(
          'DUPLICATE_OUTPUT',
          `In ${path}, ${describeNode(node, i)} writes "${clip(output)}", but ${first}: each value must have one definition.`,
        );
      }
      producer.set(output, i);
      defined.add(output);
    }
  });
  return defined;
}

function isDefined(scope: Scope | undefined, name: string): boolean {
  for (let s = scope; s; s = s.parent) if (s.defined.has(name)) return true;
  return false;
}

function checkReads(scope: Scope, path: string): void {
  (scope.graph.node ?? []).forEach((node, i) => {
    for (const input of node.input ?? []) {
      if (input && !isDefined(scope, input)) {
        throw new OnnxError(
          'DANGLING_INPUT',
          `In ${path}, ${describeNode(node, i)} reads "${clip(input)}", which no node, input or initializer defines.`,
        );
      }
    }
  });
  for (const output of scope.graph.output ?? []) {
    if (output.name && !isDefined(scope, output.name)) {
      throw new OnnxError(
        'DANGLING_OUTPUT',
        `In ${path}, the graph output "${clip(output.name)}" is not written by any node, input or initializer.`,
      );
    }
  }
}

function checkAcyclic(graph: GraphProto, path: string): void {
  const index = indexGraph(graph);
  const { cyclic } = topologicalOrder(index);
  if (cyclic.length === 0) return;
  // Walk back from a node left out of the order along inputs that are also left out: the walk
  // must come back to a node it met, which lies on a cycle.
  const left = new Set(cyclic);
  const seenAt = new Map<number, number>();
  let at = cyclic[0] as number;
  for (let step = 0; !seenAt.has(at); step++) {
    seenAt.set(at, step);
    const from = (index.nodes[at]?.input ?? [])
      .map((name) => (name ? index.producer.get(name) : undefined))
      .find((p) => p !== undefined && left.has(p));
    if (from === undefined) break; // cannot happen: every left-out node reads another one
    at = from;
  }
  const length = seenAt.size - (seenAt.get(at) ?? 0);
  const node = index.nodes[at] ?? {};
  const through = length <= 1 ? 'reads its own output' : `depends on its own output through ${length} nodes`;
  throw new OnnxError(
    'GRAPH_CYCLE',
    `In ${path}, ${describeNode(node, at)} ${through}: ONNX graphs must not have cycles, so the model cannot run.`,
  );
}
