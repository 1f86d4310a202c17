import { formatType } from '../../onnx/index.ts';
import type { GraphProto, ValueInfoProto } from '../../onnx/types.ts';
import type { ValueChange } from './types.ts';

/**
 * Graph inputs and outputs added, removed or retyped, by name. Initializers that IR < 4 lists as
 * inputs are weights, not inputs, and are left out (as the page draws them).
 */
export function valueChanges(a: GraphProto, b: GraphProto): ValueChange[] {
  return [...listChanges('input', inputsOf(a), inputsOf(b)), ...listChanges('output', a.output ?? [], b.output ?? [])];
}

function inputsOf(graph: GraphProto): ValueInfoProto[] {
  const weights = new Set((graph.initializer ?? []).map((t) => t.name ?? ''));
  return (graph.input ?? []).filter((v) => !weights.has(v.name ?? ''));
}

function listChanges(
  kind: 'input' | 'output',
  before: readonly ValueInfoProto[],
  after: readonly ValueInfoProto[],
): ValueChange[] {
  const typeOf = (v: ValueInfoProto) => formatType(v.type);
  const was = new Map(before.map((v) => [v.name ?? '', typeOf(v)]));
  const now = new Map(after.map((v) => [v.name ?? '', typeOf(v)]));
  const out: ValueChange[] = [];
  for (const [name, from] of was) {
    const to = now.get(name);
    if (to === undefined) out.push({ status: 'removed', kind, name, from });
    else if (to !== from) out.push({ status: 'changed', kind, name, from, to });
  }
  for (const [name, to] of now) if (!was.has(name)) out.push({ status: 'added', kind, name, to });
  return out;
}
