import { attributeDifferences } from './attributes.ts';
import { type GraphSide, opOf, type ValueSource, type Weight } from './graph-side.ts';
import type { Matching } from './match.ts';
import { slotName } from './slots.ts';
import { type DiffSideFiles, type TensorChange, tensorChange } from './tensors.ts';
import type { NodeDifference } from './types.ts';

/** Nodes the other side lacks that are stepped through to find where a value really comes from. */
const MAX_SKIP = 8;

/** Where a data input comes from, in terms both sides share: `key` compares, `label` is shown. */
interface Origin {
  key: string;
  label: string;
}

/**
 * How matched original node `i` and current node `j` differ: op, name, attributes, outputs, and
 * input by input, the weights read (values, dims, dtype) and where data comes from. Data that
 * reaches a node through nodes only one side has (a folded BatchNormalization, an inserted
 * Identity) counts as coming from where those nodes got it: the change is theirs, listed as
 * removed or added, not the reader's.
 */
export function nodeDifferences(
  a: GraphSide,
  b: GraphSide,
  matching: Matching,
  i: number,
  j: number,
  files: DiffSideFiles,
): NodeDifference[] {
  const x = a.nodes[i] ?? {};
  const y = b.nodes[j] ?? {};
  const out: NodeDifference[] = [];
  if (opOf(x) !== opOf(y)) out.push({ kind: 'op', from: opOf(x), to: opOf(y) });
  if ((x.name ?? '') !== (y.name ?? '')) out.push({ kind: 'renamed', from: x.name ?? '', to: y.name ?? '' });
  out.push(...attributeDifferences(x.attribute ?? [], y.attribute ?? [], files));
  const inputs = Math.max(x.input?.length ?? 0, y.input?.length ?? 0);
  const op = y.domain && y.domain !== 'ai.onnx' ? '' : (y.opType ?? '');
  for (let slot = 0; slot < inputs; slot++) {
    const change = slotDifference(a, b, matching, x.input?.[slot] ?? '', y.input?.[slot] ?? '', files);
    if (change) out.push({ ...change, slot: slotName(op, slot) } as NodeDifference);
  }
  const outputs = [x.output?.length ?? 0, y.output?.length ?? 0] as const;
  if (outputs[0] !== outputs[1]) out.push({ kind: 'outputs', from: outputs[0], to: outputs[1] });
  return out;
}

type SlotChange =
  | Omit<Extract<NodeDifference, { kind: 'weight' }>, 'slot'>
  | Omit<Extract<NodeDifference, { kind: 'input' }>, 'slot'>;

function slotDifference(
  a: GraphSide,
  b: GraphSide,
  matching: Matching,
  before: string,
  after: string,
  files: DiffSideFiles,
): SlotChange | undefined {
  const from = a.source(before);
  const to = b.source(after);
  if (from.kind === 'weight' && to.kind === 'weight') return weightChange(from.weight, to.weight, files);
  if (from.kind === 'weight' && to.kind === 'none')
    return { kind: 'weight', change: 'removed', from: from.weight.name };
  if (from.kind === 'none' && to.kind === 'weight') return { kind: 'weight', change: 'added', to: to.weight.name };
  if (from.kind === 'none' && to.kind === 'none') return undefined;
  const origin = (side: GraphSide, source: ValueSource, value: string, original: boolean): Origin | undefined =>
    source.kind === 'none' ? undefined : originOf(side, value, original ? matching.aToB : matching.bToA, original);
  const was = origin(a, from, before, true);
  const now = origin(b, to, after, false);
  if (was?.key === now?.key) return undefined;
  return { kind: 'input', ...(was ? { from: was.label } : {}), ...(now ? { to: now.label } : {}) };
}

function weightChange(x: Weight, y: Weight, files: DiffSideFiles): SlotChange | undefined {
  let change: TensorChange;
  if (x.tensor && y.tensor) change = tensorChange(x.tensor, y.tensor, files);
  else if (x.constant && y.constant) {
    const differs = attributeDifferences(x.constant.attribute ?? [], y.constant.attribute ?? [], files).length > 0;
    change = differs ? { change: 'values', from: x.name, to: y.name } : undefined;
  } else change = { change: 'values', from: x.name, to: y.name };
  return change && { kind: 'weight', ...change };
}

/**
 * Where a value comes from, stepping over nodes without a match: the matched node and output
 * (keyed by the original's index, so both sides' keys compare), or the graph input by name.
 * Weights count as their own kind: reading a weight where data was read is a change of source.
 */
function originOf(side: GraphSide, value: string, toOther: Int32Array, original: boolean): Origin {
  let current = value;
  for (let step = 0; step <= MAX_SKIP; step++) {
    const source = side.source(current);
    if (source.kind === 'outer') return { key: `outer:${source.name}`, label: source.name };
    if (source.kind === 'weight') return { key: `weight:${current}`, label: current };
    if (source.kind === 'none') break;
    const node = side.nodes[source.node] ?? {};
    const other = toOther[source.node] as number;
    if (other >= 0) {
      const index = original ? source.node : other;
      return { key: `node:${index}:${source.slot}`, label: node.name || `${opOf(node)} ${current}` };
    }
    const next = side.dataInputs(source.node)[0];
    if (!next) return { key: `unmatched:${current}`, label: node.name || `${opOf(node)} ${current}` };
    current = next.value;
  }
  return { key: `unmatched:${current}`, label: current };
}
