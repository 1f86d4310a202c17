import type { GraphProto, ModelProto, NodeProto } from '../../onnx/types.ts';
import { GraphSide, opOf } from './graph-side.ts';
import { type Matching, matchNodes } from './match.ts';
import { nodeDifferences } from './node-changes.ts';
import type { DiffSideFiles } from './tensors.ts';
import type { DiffCounts, DiffNode, GraphDiff, NodeChange, NodeDifference } from './types.ts';
import { valueChanges } from './values.ts';

export interface GraphDiffOptions {
  /** Side files of each model, to compare weights stored outside the model files. */
  sideFiles?: DiffSideFiles;
}

/**
 * What changed from `original` to `current`: nodes removed, added and changed (see matchNodes for
 * how nodes are paired and nodeDifferences for what counts as a change), in the main graph and
 * in the If/Loop/Scan bodies of matched nodes, and the main graph's inputs and outputs. Neither
 * model is changed. Linear in nodes, edges and changed weight bytes.
 */
export function diffModels(original: ModelProto, current: ModelProto, options: GraphDiffOptions = {}): GraphDiff {
  const counts: DiffCounts = { removed: 0, added: 0, changed: 0, unchanged: 0 };
  const context: Context = { files: options.sideFiles ?? {}, counts };
  const nodes: NodeChange[] = [];
  const matching = diffGraph(original.graph ?? {}, current.graph ?? {}, 'main', undefined, context, nodes);
  const matched: [number, number][] = [];
  matching.aToB.forEach((j, i) => {
    if (j >= 0) matched.push([i, j]);
  });
  return { nodes, values: valueChanges(original.graph ?? {}, current.graph ?? {}), matched, counts };
}

interface Context {
  files: DiffSideFiles;
  counts: DiffCounts;
}

/** Indices in the main graphs of the nodes whose bodies hold a subgraph (undefined for the main graph). */
type Anchor = { original: number; current: number } | undefined;

/** Appends the changes of one pair of graphs to `out` (see GraphDiff.nodes for the order). */
function diffGraph(
  graphA: GraphProto,
  graphB: GraphProto,
  path: string,
  anchor: Anchor,
  context: Context,
  out: NodeChange[],
): Matching {
  const a = new GraphSide(graphA);
  const b = new GraphSide(graphB);
  const matching = matchNodes(a, b);
  const { aToB, bToA } = matching;
  const ref = (nodes: readonly NodeProto[], index: number): DiffNode => {
    const node = nodes[index] ?? {};
    return { index, name: node.name ?? '', op: opOf(node) };
  };
  const emit = (change: Omit<NodeChange, 'graph'>) => {
    out.push({ graph: path, ...change });
    context.counts[change.status]++;
  };
  let nextA = 0;
  const removedUpTo = (end: number) => {
    for (; nextA < end; nextA++) {
      const i = a.diffed[nextA] as number;
      if ((aToB[i] as number) >= 0) continue;
      emit({
        status: 'removed',
        original: ref(a.nodes, i),
        differences: [],
        anchor: anchor ?? { original: i },
      });
    }
  };
  // Where each original node stands in `a.diffed`, to emit removed ones up to a matched node.
  const position = new Int32Array(a.nodes.length);
  a.diffed.forEach((i, k) => {
    position[i] = k;
  });

  for (const j of b.diffed) {
    const i = bToA[j] as number;
    if (i < 0) {
      emit({
        status: 'added',
        current: ref(b.nodes, j),
        differences: [],
        anchor: anchor ?? { current: j },
      });
      continue;
    }
    removedUpTo(position[i] as number);
    const own = anchor ?? { original: i, current: j };
    const nested: NodeChange[] = [];
    const differences = nodeDifferences(a, b, matching, i, j, context.files);
    differences.push(...bodyDifferences(a.nodes[i] ?? {}, b.nodes[j] ?? {}, path, own, context, nested));
    if (differences.length === 0) context.counts.unchanged++;
    else emit({ status: 'changed', original: ref(a.nodes, i), current: ref(b.nodes, j), differences, anchor: own });
    out.push(...nested);
  }
  removedUpTo(a.diffed.length);
  return matching;
}

/** The subgraphs two matched nodes hold, diffed pairwise by attribute; a summary for each that changed. */
function bodyDifferences(
  x: NodeProto,
  y: NodeProto,
  path: string,
  anchor: { original: number; current: number },
  context: Context,
  out: NodeChange[],
): NodeDifference[] {
  const differences: NodeDifference[] = [];
  const bodiesOf = (node: NodeProto) => {
    const map = new Map<string, GraphProto>();
    for (const attribute of node.attribute ?? []) {
      if (attribute.g) map.set(attribute.name ?? '', attribute.g);
      for (const [k, g] of (attribute.graphs ?? []).entries()) map.set(`${attribute.name ?? ''}[${k}]`, g);
    }
    return map;
  };
  const after = bodiesOf(y);
  for (const [attribute, graph] of bodiesOf(x)) {
    const other = after.get(attribute);
    if (!other) continue;
    const before = out.length;
    const label = x.name || opOf(x);
    diffGraph(graph, other, `${path}/${label}.${attribute}`, anchor, context, out);
    const added = out.slice(before);
    const count = (status: NodeChange['status']) =>
      added.filter((c) => c.status === status && c.graph === `${path}/${label}.${attribute}`).length;
    const summary = { removed: count('removed'), added: count('added'), changed: count('changed') };
    if (added.length > 0) differences.push({ kind: 'body', attribute, ...summary });
  }
  return differences;
}
