import { OnnxError } from '../onnx/errors.ts';
import type { GraphProto, NodeProto } from '../onnx/types.ts';
import { withGraphFields } from './copy.ts';
import { downstreamOf, nodeReads, readersByName } from './graph-walk.ts';
import { capitalize, clip, describeNode, findNode, nodeRef, plural, quoteList } from './refs.ts';
import type { EditContext, EditOutcome } from './result.ts';
import type { EditOp } from './types.ts';

type DeleteNode = Extract<EditOp, { op: 'delete-node' }>;

/**
 * Deletes a main-graph node (and, with `downstream`, every node depending on it). Graph outputs
 * left without a producer are dropped; initializers and Constant nodes only the deleted nodes
 * read go too. Refused while another node still reads the node's outputs (without
 * `downstream`), and when no graph output would be left.
 */
export function deleteNode({ model }: EditContext, op: DeleteNode): EditOutcome {
  const graph = model.graph as GraphProto;
  const nodes = graph.node ?? [];
  const index = findNode(graph, op.node);
  const node = nodes[index] as NodeProto;
  if (!op.downstream) refuseWhileRead(graph, index);
  const removed = downstreamOf(graph, [index]);
  const goneValues = new Set([...removed].flatMap((i) => nodes[i]?.output ?? []));
  const keptOutputs = (graph.output ?? []).filter((o) => !goneValues.has(o.name ?? ''));
  const droppedOutputs = (graph.output ?? []).filter((o) => goneValues.has(o.name ?? '')).map((o) => o.name ?? '');
  if (keptOutputs.length === 0) {
    throw new OnnxError(
      'EDIT_REFUSED',
      `Deleting ${describeNode(node, index)}${removed.size > 1 ? ` and ${plural(removed.size - 1, 'node')} downstream` : ''} would leave the model without outputs: it computes ${quoteList(droppedOutputs)}. Make another value an output first.`,
    );
  }
  const readByRemoved = new Set([...removed].flatMap((i) => [...nodeReads(nodes[i] as NodeProto)]));
  let kept = nodes.filter((_, i) => !removed.has(i));
  const stillRead = new Set([...kept.flatMap((n) => [...nodeReads(n)]), ...keptOutputs.map((o) => o.name ?? '')]);
  const orphaned = (name: string) => readByRemoved.has(name) && !stillRead.has(name);
  const constants = new Set(
    kept.filter(
      (n) =>
        isConstant(n) &&
        (n.output ?? []).some((o) => o && orphaned(o)) &&
        (n.output ?? []).every((o) => !o || orphaned(o)),
    ),
  );
  kept = kept.filter((n) => !constants.has(n));
  const initializers = (graph.initializer ?? []).filter((t) => orphaned(t.name ?? ''));
  const goneInitializers = new Set(initializers.map((t) => t.name ?? ''));
  for (const c of constants) for (const o of c.output ?? []) goneValues.add(o);
  const next = withGraphFields(model, {
    node: kept,
    output: keptOutputs,
    initializer: (graph.initializer ?? []).filter((t) => !goneInitializers.has(t.name ?? '')),
    // An initializer listed as an input too (IR < 4) is a weight, not a real input: it goes with it.
    input: (graph.input ?? []).filter((v) => !goneInitializers.has(v.name ?? '')),
    valueInfo: (graph.valueInfo ?? []).filter(
      (v) => !goneValues.has(v.name ?? '') && !goneInitializers.has(v.name ?? ''),
    ),
  });
  const nextGraph = next.graph as GraphProto;
  // The cut is shown where it happened: the nodes that fed the deleted ones.
  const feeders = (nextGraph.node ?? []).flatMap((n, i) =>
    (n.output ?? []).some((o) => readByRemoved.has(o)) ? [nodeRef(nextGraph, i)] : [],
  );
  const parts = [`Deleted ${describeNode(node, index)}`];
  if (removed.size > 1) parts.push(` and ${plural(removed.size - 1, 'node')} downstream`);
  if (droppedOutputs.length > 0)
    parts.push(`; output${droppedOutputs.length > 1 ? 's' : ''} ${quoteList(droppedOutputs)} dropped`);
  const cleaned = constants.size + initializers.length;
  if (cleaned > 0) parts.push(`; ${cleaned} unused weight${cleaned > 1 ? 's' : ''} removed`);
  return { model: next, description: parts.join(''), changed: { nodes: feeders, values: [] } };
}

function refuseWhileRead(graph: GraphProto, index: number): void {
  const nodes = graph.node ?? [];
  const node = nodes[index] as NodeProto;
  const readers = readersByName(graph);
  for (const output of node.output ?? []) {
    const reader = (readers.get(output) ?? []).find((r) => r !== index);
    if (reader !== undefined) {
      throw new OnnxError(
        'EDIT_REFUSED',
        `${capitalize(describeNode(node, index))} cannot be deleted: ${describeNode(nodes[reader] as NodeProto, reader)} still reads its output "${clip(output)}". Delete it with its downstream nodes to remove both.`,
      );
    }
  }
}

function isConstant(node: NodeProto): boolean {
  return node.opType === 'Constant' && (!node.domain || node.domain === 'ai.onnx');
}
