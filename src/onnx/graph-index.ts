import type { GraphProto, NodeProto, TensorProto, ValueInfoProto } from './types.ts';

/** Who makes and who uses each value of one graph. Built once; read-only afterwards. */
export interface GraphIndex {
  readonly graph: GraphProto;
  readonly nodes: readonly NodeProto[];
  /** Index in `nodes` of the node producing each value. */
  readonly producer: ReadonlyMap<string, number>;
  /** Indices of nodes consuming each value, one entry per use (a node using a value twice appears twice). */
  readonly consumers: ReadonlyMap<string, readonly number[]>;
  readonly inputs: ReadonlyMap<string, ValueInfoProto>;
  readonly outputs: ReadonlyMap<string, ValueInfoProto>;
  readonly initializers: ReadonlyMap<string, TensorProto>;
  readonly valueInfo: ReadonlyMap<string, ValueInfoProto>;
  /**
   * Values a node of this graph reads that nothing in the graph defines: for a subgraph, names
   * captured from an enclosing graph.
   */
  readonly outerValues: ReadonlySet<string>;
}

export function indexGraph(graph: GraphProto): GraphIndex {
  const nodes = graph.node ?? [];
  const producer = new Map<string, number>();
  const consumers = new Map<string, number[]>();
  nodes.forEach((node, i) => {
    for (const output of node.output ?? []) if (output) producer.set(output, i);
  });
  nodes.forEach((node, i) => {
    for (const input of node.input ?? []) {
      if (!input) continue; // "" marks an omitted optional input
      const list = consumers.get(input);
      if (list) list.push(i);
      else consumers.set(input, [i]);
    }
  });
  const byName = <T extends { name?: string | null }>(items: readonly T[] | null | undefined): Map<string, T> =>
    new Map((items ?? []).map((item) => [item.name ?? '', item]));
  const inputs = byName(graph.input);
  const initializers = byName(graph.initializer);
  const outerValues = new Set<string>();
  for (const name of consumers.keys()) {
    if (!producer.has(name) && !inputs.has(name) && !initializers.has(name)) outerValues.add(name);
  }
  return {
    graph,
    nodes,
    producer,
    consumers,
    inputs,
    outputs: byName(graph.output),
    initializers,
    valueInfo: byName(graph.valueInfo),
    outerValues,
  };
}

/** Result of ordering a graph's nodes. */
export interface TopologicalOrder {
  /** Node indices, each after every node it reads from. */
  order: number[];
  /** Nodes left out because they sit on a cycle (a valid model has none). */
  cyclic: number[];
}

/**
 * Kahn's algorithm over the index: O(n log n) and iterative. Ties go to the earlier node, so a
 * graph already in order comes back unchanged.
 */
export function topologicalOrder(index: GraphIndex): TopologicalOrder {
  const { nodes, producer } = index;
  const pending = new Int32Array(nodes.length);
  const dependents: number[][] = nodes.map(() => []);
  nodes.forEach((node, i) => {
    const seen = new Set<number>();
    for (const input of node.input ?? []) {
      const from = input ? producer.get(input) : undefined;
      // A node reading its own output is a cycle too: it waits on itself and is never ready.
      if (from === undefined || seen.has(from)) continue;
      seen.add(from);
      pending[i] = (pending[i] ?? 0) + 1;
      dependents[from]?.push(i);
    }
  });
  // Always taking the lowest-numbered ready node keeps the file's order when it is already valid.
  const ready = new MinHeap();
  for (let i = 0; i < nodes.length; i++) if (pending[i] === 0) ready.push(i);
  const order: number[] = [];
  for (let i = ready.pop(); i !== undefined; i = ready.pop()) {
    order.push(i);
    for (const next of dependents[i] ?? []) {
      pending[next] = (pending[next] ?? 0) - 1;
      if (pending[next] === 0) ready.push(next);
    }
  }
  const placed = new Set(order);
  const cyclic: number[] = [];
  for (let i = 0; i < nodes.length; i++) if (!placed.has(i)) cyclic.push(i);
  return { order, cyclic };
}

/** The subgraphs held in a node's attributes (If's branches, Loop's and Scan's bodies). */
export function nodeSubgraphs(node: NodeProto): { attribute: string; graph: GraphProto }[] {
  const out: { attribute: string; graph: GraphProto }[] = [];
  for (const attribute of node.attribute ?? []) {
    if (attribute.g) out.push({ attribute: attribute.name ?? '', graph: attribute.g });
    for (const g of attribute.graphs ?? []) out.push({ attribute: attribute.name ?? '', graph: g });
  }
  return out;
}

/** A binary min-heap of node indices. */
class MinHeap {
  private readonly items: number[] = [];

  push(value: number): void {
    const items = this.items;
    items.push(value);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((items[parent] as number) <= value) break;
      items[i] = items[parent] as number;
      i = parent;
    }
    items[i] = value;
  }

  pop(): number | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const child = right < items.length && (items[right] as number) < (items[left] as number) ? right : left;
      if ((items[child] as number) >= last) break;
      items[i] = items[child] as number;
      i = child;
    }
    items[i] = last;
    return top;
  }
}
