import type { GraphProto, NodeProto, TensorProto } from '../../onnx/types.ts';

/** A stored value: an initializer, or the Constant node holding it (value_float and such have no tensor). */
export interface Weight {
  name: string;
  tensor?: TensorProto;
  constant?: NodeProto;
}

/** Where a value comes from in one graph. */
export type ValueSource =
  | { kind: 'weight'; weight: Weight }
  | { kind: 'node'; node: number; slot: number }
  /** A graph input, or a value captured from an enclosing graph (subgraphs). */
  | { kind: 'outer'; name: string }
  | { kind: 'none' };

/**
 * One side of a diff: a graph's nodes with who produces and who reads each value. Constant nodes
 * with one output count as weights, not nodes, as the page draws them (chips on the reader).
 */
export class GraphSide {
  readonly nodes: readonly NodeProto[];
  /** Node indices that take part in the diff (all but weight-holding Constants). */
  readonly diffed: readonly number[];
  private readonly inDiff: Uint8Array;
  private readonly producer = new Map<string, { node: number; slot: number }>();
  private readonly weights = new Map<string, Weight>();
  private readonly graphInputs = new Set<string>();

  constructor(readonly graph: GraphProto) {
    this.nodes = graph.node ?? [];
    for (const t of graph.initializer ?? []) this.weights.set(t.name ?? '', { name: t.name ?? '', tensor: t });
    const diffed: number[] = [];
    for (const [i, node] of this.nodes.entries()) {
      if (isChipConstant(node)) {
        const name = node.output?.[0] ?? '';
        const tensor = node.attribute?.find((a) => a.name === 'value')?.t ?? undefined;
        this.weights.set(name, tensor ? { name, tensor, constant: node } : { name, constant: node });
        continue;
      }
      diffed.push(i);
      for (const [slot, output] of (node.output ?? []).entries()) {
        if (output) this.producer.set(output, { node: i, slot });
      }
    }
    this.diffed = diffed;
    this.inDiff = new Uint8Array(this.nodes.length);
    for (const i of diffed) this.inDiff[i] = 1;
    for (const v of graph.input ?? []) if (!this.weights.has(v.name ?? '')) this.graphInputs.add(v.name ?? '');
  }

  /** Whether node `i` takes part in the diff (see `diffed`). */
  takesPart(i: number): boolean {
    return this.inDiff[i] === 1;
  }

  source(value: string): ValueSource {
    if (!value) return { kind: 'none' };
    const produced = this.producer.get(value);
    if (produced) return { kind: 'node', ...produced };
    const weight = this.weights.get(value);
    if (weight) return { kind: 'weight', weight };
    return { kind: 'outer', name: value };
  }

  isGraphInput(name: string): boolean {
    return this.graphInputs.has(name);
  }

  producerOf(value: string): { node: number; slot: number } | undefined {
    return this.producer.get(value);
  }

  /** The inputs a node reads that are not weights: what the data flowing into it is. */
  dataInputs(node: number): { value: string; slot: number }[] {
    const out: { value: string; slot: number }[] = [];
    for (const [slot, value] of (this.nodes[node]?.input ?? []).entries()) {
      if (value && !this.weights.has(value)) out.push({ value, slot });
    }
    return out;
  }

  /** The names of the weights a node reads, in slot order. */
  weightNames(node: number): string[] {
    return (this.nodes[node]?.input ?? []).filter((v) => v && this.weights.has(v));
  }
}

/** A node's op as the page shows it: the domain joins the op type outside the default domain. */
export function opOf(node: NodeProto): string {
  const op = node.opType ?? '';
  return node.domain && node.domain !== 'ai.onnx' ? `${node.domain}.${op}` : op;
}

/** A Constant node with one output, which the page draws as a chip on its readers rather than as a node. */
function isChipConstant(node: NodeProto): boolean {
  return node.opType === 'Constant' && !node.domain && (node.output?.length ?? 0) === 1;
}
