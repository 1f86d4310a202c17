import { cloneModel } from '../onnx/clone.ts';
import { OnnxError } from '../onnx/errors.ts';
import type { GraphProto, ModelProto } from '../onnx/types.ts';
import { listGraphs } from '../onnx/walk.ts';
import { renameReads } from '../optimize/graph-edit.ts';
import { copyMessage } from './copy.ts';
import { nodeReads } from './graph-walk.ts';
import { clip, nodeRef, requireValue } from './refs.ts';
import type { EditContext, EditOutcome } from './result.ts';
import type { EditOp } from './types.ts';

type Rename = Extract<EditOp, { op: 'rename' }>;

/**
 * Renames a main-graph value everywhere it is written or read: graph input or output, initializer,
 * the producing node's output, every reader (subgraphs capturing it included) and its
 * value_info. Refused when the new name is empty or already names anything in the model: in a
 * subgraph it would hide the renamed value from the body that captures it.
 */
export function rename({ model }: EditContext, op: Rename): EditOutcome {
  const source = model.graph as GraphProto;
  requireValue(source, op.value);
  if (op.to === '') throw new OnnxError('EDIT_INVALID', `"${clip(op.value)}" cannot be renamed to an empty name.`);
  if (op.to === op.value) throw new OnnxError('EDIT_INVALID', `"${clip(op.value)}" already has that name.`);
  if (usesName(model, op.to)) {
    throw new OnnxError(
      'EDIT_REFUSED',
      `"${clip(op.value)}" cannot be renamed to "${clip(op.to)}": the model already has a value of that name, and two values with one name would be one.`,
    );
  }
  const next = cloneModel(model);
  const graph = next.graph as GraphProto;
  const from = op.value;
  const to = op.to;
  const renamed = <T extends { name?: string | null }>(items: T[] | null | undefined): T[] =>
    (items ?? []).map((item) => (item.name === from ? copyMessage(item, { name: to } as Partial<T>) : item));
  graph.input = renamed(graph.input);
  graph.output = renamed(graph.output);
  graph.valueInfo = renamed(graph.valueInfo);
  // Messages keep their class (cloneModel copied them); only the name field is set.
  for (const t of graph.initializer ?? []) if (t.name === from) t.name = to;
  for (const s of graph.sparseInitializer ?? []) if (s.values?.name === from) s.values.name = to;
  for (const q of graph.quantizationAnnotation ?? []) if (q.tensorName === from) q.tensorName = to;
  for (const n of graph.node ?? []) {
    if ((n.output ?? []).includes(from)) n.output = (n.output ?? []).map((o) => (o === from ? to : o));
  }
  renameReads(graph, from, to);
  const touched = (graph.node ?? []).flatMap((n, i) =>
    (n.output ?? []).includes(to) || nodeReads(n).has(to) ? [nodeRef(graph, i)] : [],
  );
  return {
    model: next,
    description: `Renamed "${clip(from)}" to "${clip(to)}"`,
    changed: { nodes: touched, values: [to] },
  };
}

/** True when any graph (nested ones too) names a value `name`: defined, read, output or value_info. */
function usesName(model: ModelProto, name: string): boolean {
  for (const { graph } of listGraphs(model)) {
    const lists = [graph.input, graph.output, graph.valueInfo, graph.initializer];
    if (lists.some((list) => (list ?? []).some((v) => v.name === name))) return true;
    if ((graph.sparseInitializer ?? []).some((s) => s.values?.name === name)) return true;
    if ((graph.node ?? []).some((n) => (n.output ?? []).includes(name) || (n.input ?? []).includes(name))) return true;
  }
  return false;
}
