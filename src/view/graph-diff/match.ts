import { indexGraph, topologicalOrder } from '../../onnx/index.ts';
import { type GraphSide, opOf } from './graph-side.ts';

/** Which node of one side is which of the other: -1 for a node without a match. */
export interface Matching {
  /** Original node index → current node index. */
  aToB: Int32Array;
  /** Current node index → original node index. */
  bToA: Int32Array;
}

/** Candidates looked at per node when matching by structure: enough for real graphs, bounded for hostile ones. */
const CANDIDATES = 8;
/** Added or removed nodes stepped through when following data back to a matched node. */
const MAX_SKIP = 8;

/**
 * Matches the nodes of two graphs, in three passes, each only over what is still unmatched:
 * 1. by node name (the n-th node of a name with the n-th);
 * 2. by the name of a value both produce, for the same op (exporters that leave nodes nameless
 *    still name values);
 * 3. by structure, in the current graph's topological order: the same op reading, at the same
 *    input slot, the counterpart of what the current node reads (stepping over a node the other
 *    side does not have, so that Conv → BN → Relu and Conv → Relu still pair both Relus).
 * Each pass is linear in nodes and edges, so 10,000-node graphs match in milliseconds.
 */
export function matchNodes(a: GraphSide, b: GraphSide): Matching {
  const aToB = new Int32Array(a.nodes.length).fill(-1);
  const bToA = new Int32Array(b.nodes.length).fill(-1);
  const pair = (i: number, j: number) => {
    aToB[i] = j;
    bToA[j] = i;
  };
  matchByName(a, b, aToB, pair);
  matchByValue(a, b, aToB, bToA, pair);
  // Models whose nodes all kept their names are done here: no need to index them for structure.
  const unmatched = (side: GraphSide, map: Int32Array) => side.diffed.some((i) => (map[i] as number) < 0);
  if (unmatched(a, aToB) && unmatched(b, bToA)) new StructuralMatcher(a, b, aToB, bToA).run(pair);
  return { aToB, bToA };
}

function matchByName(a: GraphSide, b: GraphSide, aToB: Int32Array, pair: (i: number, j: number) => void): void {
  const byName = new Map<string, number[]>();
  for (const i of a.diffed) {
    const name = a.nodes[i]?.name;
    if (!name) continue;
    const list = byName.get(name);
    if (list) list.push(i);
    else byName.set(name, [i]);
  }
  const used = new Map<string, number>();
  for (const j of b.diffed) {
    const name = b.nodes[j]?.name;
    if (!name) continue;
    const at = used.get(name) ?? 0;
    const i = byName.get(name)?.[at];
    used.set(name, at + 1);
    if (i !== undefined && (aToB[i] as number) < 0) pair(i, j);
  }
}

function matchByValue(
  a: GraphSide,
  b: GraphSide,
  aToB: Int32Array,
  bToA: Int32Array,
  pair: (i: number, j: number) => void,
): void {
  for (const j of b.diffed) {
    if ((bToA[j] as number) >= 0) continue;
    const node = b.nodes[j];
    if (!node) continue;
    for (const [slot, output] of (node.output ?? []).entries()) {
      const p = output ? a.producerOf(output) : undefined;
      const other = p && a.nodes[p.node];
      if (p && other && p.slot === slot && (aToB[p.node] as number) < 0 && opOf(other) === opOf(node)) {
        pair(p.node, j);
        break;
      }
    }
  }
}

class StructuralMatcher {
  /** Original nodes by (value read, op, slot). */
  private readonly readers = new Map<string, number[]>();
  /** Where the scan of each `readers` list starts: entries before it are matched already. */
  private readonly cursor = new Map<string, number>();
  /** Original nodes by value read, any op: what stepping over a removed node looks through. */
  private readonly readersOf = new Map<string, number[]>();
  /** Original nodes that read only weights, by op and weight names. */
  private readonly weightOnly = new Map<string, number[]>();

  constructor(
    private readonly a: GraphSide,
    private readonly b: GraphSide,
    private readonly aToB: Int32Array,
    private readonly bToA: Int32Array,
  ) {
    for (const i of a.diffed) {
      const node = a.nodes[i];
      if (!node || (aToB[i] as number) >= 0) continue;
      const data = a.dataInputs(i);
      if (data.length === 0) push(this.weightOnly, weightKey(opOf(node), a.weightNames(i)), i);
      for (const { value, slot } of data) {
        push(this.readers, readerKey(value, opOf(node), slot), i);
        push(this.readersOf, value, i);
      }
    }
  }

  run(pair: (i: number, j: number) => void): void {
    const order = topologicalOrder(indexGraph(this.b.graph));
    for (const j of [...order.order, ...order.cyclic]) {
      if ((this.bToA[j] as number) >= 0) continue;
      const node = this.b.nodes[j];
      if (!node || !this.b.takesPart(j)) continue;
      const i = this.find(j, opOf(node));
      if (i !== undefined) pair(i, j);
    }
  }

  /** The best unmatched original node for current node `j`: most data inputs in agreement, the first on a tie. */
  private find(j: number, op: string): number | undefined {
    const data = this.b.dataInputs(j);
    if (data.length === 0) {
      return this.weightOnly.get(weightKey(op, this.b.weightNames(j)))?.find((i) => (this.aToB[i] as number) < 0);
    }
    const wanted = data.map(({ value, slot }) => ({ value: this.counterpart(value), slot }));
    for (const { value, slot } of wanted) {
      if (value === undefined) continue;
      const direct = this.unmatched(readerKey(value, op, slot));
      const candidates = direct.length > 0 ? direct : this.pastRemoved(value, op, slot);
      if (candidates.length === 0) continue;
      let best = candidates[0] as number;
      let bestScore = -1;
      for (const i of candidates) {
        const reads = new Map(this.a.dataInputs(i).map((d) => [d.slot, d.value]));
        const score = wanted.filter((w) => w.value !== undefined && reads.get(w.slot) === w.value).length;
        if (score > bestScore) [best, bestScore] = [i, score];
      }
      return best;
    }
    return undefined;
  }

  /** Readers of what the unmatched readers of `value` produce: `value` → removed node → candidate. */
  private pastRemoved(value: string, op: string, slot: number): number[] {
    const out: number[] = [];
    for (const r of (this.readersOf.get(value) ?? []).slice(0, CANDIDATES)) {
      if ((this.aToB[r] as number) >= 0) continue;
      for (const output of this.a.nodes[r]?.output ?? []) {
        if (output) out.push(...this.unmatched(readerKey(output, op, slot)));
        if (out.length >= CANDIDATES) return out;
      }
    }
    return out;
  }

  /** Up to CANDIDATES unmatched original nodes under `key`. */
  private unmatched(key: string): number[] {
    const list = this.readers.get(key);
    if (!list) return [];
    let start = this.cursor.get(key) ?? 0;
    while (start < list.length && (this.aToB[list[start] as number] as number) >= 0) start++;
    this.cursor.set(key, start);
    const out: number[] = [];
    for (let k = start; k < list.length && out.length < CANDIDATES; k++) {
      const i = list[k] as number;
      if ((this.aToB[i] as number) < 0) out.push(i);
    }
    return out;
  }

  /**
   * The original's name for the value a current node reads: a matched producer's output at the
   * same slot, a graph input's own name; through an added node, what that node reads.
   */
  private counterpart(value: string): string | undefined {
    let current = value;
    for (let step = 0; step <= MAX_SKIP; step++) {
      const source = this.b.source(current);
      if (source.kind === 'outer') return source.name;
      if (source.kind !== 'node') return undefined;
      const i = this.bToA[source.node] as number;
      if (i >= 0) return this.a.nodes[i]?.output?.[source.slot] || undefined;
      const next = this.b.dataInputs(source.node)[0];
      if (!next) return undefined;
      current = next.value;
    }
    return undefined;
  }
}

function readerKey(value: string, op: string, slot: number): string {
  return `${value}\u0000${op}\u0000${slot}`;
}

function weightKey(op: string, weights: readonly string[]): string {
  return `${op}\u0000${weights.join('\u0000')}`;
}

function push(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
