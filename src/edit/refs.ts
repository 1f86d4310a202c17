import { OnnxError } from '../onnx/errors.ts';
import type { GraphProto, NodeProto } from '../onnx/types.ts';

/** Names from the file can be megabytes long; messages show a readable start. */
export function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

/**
 * How an edit names the main graph's node at `index`: its name when that is non-empty and no
 * other node has it, else `#index`. The page and recipes use this, so a reference always finds
 * exactly the node it was made for.
 */
export function nodeRef(graph: GraphProto, index: number): string {
  const nodes = graph.node ?? [];
  const name = nodes[index]?.name;
  if (name && !name.startsWith('#') && nodes.filter((n) => n.name === name).length === 1) return name;
  return `#${index}`;
}

/** A node for messages: `node "fc" (Gemm)` or `node #3 (Relu)`. */
export function describeNode(node: NodeProto, index: number): string {
  const name = node.name ? `"${clip(node.name)}"` : `#${index}`;
  return node.opType ? `node ${name} (${clip(node.opType)})` : `node ${name}`;
}

/**
 * The main-graph node a reference names: `#17` is the node at index 17 (always: a node whose name
 * looks like that is referred to by its index, see nodeRef), anything else a node name.
 * @throws OnnxError EDIT_NOT_FOUND when no node matches; EDIT_INVALID when several share the name.
 */
export function findNode(graph: GraphProto, ref: string): number {
  const nodes = graph.node ?? [];
  const match = /^#(\d{1,9})$/.exec(ref);
  if (match) {
    const index = Number(match[1]);
    if (index < nodes.length) return index;
    throw new OnnxError(
      'EDIT_NOT_FOUND',
      `There is no node #${index}: the main graph has ${nodes.length} nodes${nodes.length ? ` (#0 to #${nodes.length - 1})` : ''}.`,
    );
  }
  const named: number[] = [];
  nodes.forEach((n, i) => {
    if (n.name === ref) named.push(i);
  });
  if (named.length === 1) return named[0] as number;
  if (named.length > 1) {
    throw new OnnxError(
      'EDIT_INVALID',
      `${named.length} nodes are named "${clip(ref)}"; name the one you mean by its index (${named
        .slice(0, 3)
        .map((i) => `#${i}`)
        .join(', ')}).`,
    );
  }
  throw new OnnxError('EDIT_NOT_FOUND', `There is no node named "${clip(ref)}" in the main graph.`);
}

/** Every name the main graph defines: inputs, initializers (sparse too) and node outputs. */
export function definedNames(graph: GraphProto): Set<string> {
  const names = new Set<string>();
  for (const v of graph.input ?? []) if (v.name) names.add(v.name);
  for (const t of graph.initializer ?? []) if (t.name) names.add(t.name);
  for (const s of graph.sparseInitializer ?? []) if (s.values?.name) names.add(s.values.name);
  for (const n of graph.node ?? []) for (const o of n.output ?? []) if (o) names.add(o);
  return names;
}

/**
 * Checks that `name` is a value of the main graph (defined there).
 * @throws OnnxError EDIT_NOT_FOUND
 */
export function requireValue(graph: GraphProto, name: string): void {
  if (!definedNames(graph).has(name)) {
    throw new OnnxError(
      'EDIT_NOT_FOUND',
      `There is no value "${clip(name)}" in the main graph (no input, initializer or node output has that name).`,
    );
  }
}

/** Up to three names quoted, then how many more: `"a", "b", "c", 4 more`. */
export function quoteList(names: readonly string[]): string {
  const shown = names.slice(0, 3).map((n) => `"${clip(n)}"`);
  if (names.length > 3) shown.push(`${names.length - 3} more`);
  return shown.join(', ');
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "1 node", "3 nodes". */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
