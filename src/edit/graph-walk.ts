import { capturedNames } from '../fusion/scope.ts';
import type { GraphProto, NodeProto } from '../onnx/types.ts';

/**
 * Every name a node reads: its inputs and the outer values its subgraphs (If branches, Loop and
 * Scan bodies) capture. A node reading a value only inside its body still depends on it.
 */
export function nodeReads(node: NodeProto): Set<string> {
  const reads = new Set((node.input ?? []).filter((i) => i !== ''));
  if ((node.attribute ?? []).some((a) => a.g || (a.graphs ?? []).length > 0)) {
    for (const name of capturedNames({ node: [node] })) reads.add(name);
  }
  return reads;
}

/** For each name, the indices of the main-graph nodes that read it (see {@link nodeReads}). */
export function readersByName(graph: GraphProto): Map<string, number[]> {
  const readers = new Map<string, number[]>();
  (graph.node ?? []).forEach((node, i) => {
    for (const name of nodeReads(node)) {
      const list = readers.get(name);
      if (list) list.push(i);
      else readers.set(name, [i]);
    }
  });
  return readers;
}

/** `start` and every node that depends on one of them, directly or through others (indices). */
export function downstreamOf(graph: GraphProto, start: Iterable<number>): Set<number> {
  const nodes = graph.node ?? [];
  const readers = readersByName(graph);
  const found = new Set<number>();
  const stack = [...start];
  for (let at = stack.pop(); at !== undefined; at = stack.pop()) {
    if (found.has(at)) continue;
    found.add(at);
    for (const output of nodes[at]?.output ?? []) {
      for (const reader of readers.get(output) ?? []) if (!found.has(reader)) stack.push(reader);
    }
  }
  return found;
}

/** Values whose content depends on `names` (those names included): what a changed input reaches. */
export function valuesDownstreamOf(graph: GraphProto, names: Iterable<string>): Set<string> {
  const readers = readersByName(graph);
  const start = new Set<number>();
  for (const name of names) for (const r of readers.get(name) ?? []) start.add(r);
  const values = new Set(names);
  const nodes = graph.node ?? [];
  for (const i of downstreamOf(graph, start)) for (const o of nodes[i]?.output ?? []) if (o) values.add(o);
  return values;
}
