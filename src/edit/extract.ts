import { OnnxError } from '../onnx/errors.ts';
import { onnx } from '../onnx/protobuf.ts';
import type { FunctionProto, GraphProto, ModelProto, NodeProto } from '../onnx/types.ts';
import { copyMessage } from './copy.ts';
import { nodeReads } from './graph-walk.ts';
import { clip, definedNames, describeNode, nodeRef, quoteList } from './refs.ts';
import type { EditContext, EditOutcome } from './result.ts';
import type { EditOp } from './types.ts';
import { lazyShapes, valueInfoFor } from './value-types.ts';

type ExtractOp = Extract<EditOp, { op: 'extract' }>;

/**
 * The subgraph between `inputs` and `outputs`, as onnx.utils.extract_model (onnx/utils.py,
 * Extractor) defines it:
 * - nodes: walking back from each output through producers, stopping at the given inputs; kept
 *   in their original order;
 * - inputs and outputs: in the order given, typed as the graph declares them (graph input or
 *   output, else value_info), else as shape inference works out (extract_model runs onnx's shape
 *   inference first for the same reason);
 * - initializers and value_info: those the kept nodes read or write, in their original order;
 * - model-local functions the kept nodes call (and the functions those call);
 * - the model: same IR version and opsets, graph named "Extracted from {name}", producer
 *   "onnx.utils.extract_model" (other model fields are not carried, as there).
 * One difference, where extract_model's result fails the checker: a value read only inside an
 * If/Loop body is followed back too, since the body cannot run without it.
 * Refused (never a broken model) when a kept node reads a value that is neither a given input,
 * an initializer nor computed from them: the cut has a hole.
 */
export function extract({ model }: EditContext, op: ExtractOp): EditOutcome {
  const graph = model.graph as GraphProto;
  checkNames(graph, op);
  const nodes = graph.node ?? [];
  const producer = new Map<string, number>();
  nodes.forEach((n, i) => {
    for (const o of n.output ?? []) if (o) producer.set(o, i);
  });
  const stops = new Set(op.inputs);
  const kept = new Set<number>();
  const stack = [...op.outputs];
  for (let name = stack.pop(); name !== undefined; name = stack.pop()) {
    if (stops.has(name)) continue;
    const at = producer.get(name);
    if (at === undefined || kept.has(at)) continue;
    kept.add(at);
    stack.push(...nodeReads(nodes[at] as NodeProto));
  }
  const keptNodes = [...kept].sort((a, b) => a - b).map((i) => nodes[i] as NodeProto);
  const touched = new Set(keptNodes.flatMap((n) => [...nodeReads(n), ...(n.output ?? [])]));
  const initializer = (graph.initializer ?? []).filter((t) => touched.has(t.name ?? ''));
  refuseHoles(graph, op, keptNodes, new Set([...initializer.map((t) => t.name ?? ''), ...op.inputs]));
  const shapes = lazyShapes(model);
  const extracted = copyMessage(graph, {
    name: `Extracted from {${graph.name ?? ''}}`,
    node: keptNodes,
    input: op.inputs.map((name) => valueInfoFor(model, name, shapes)),
    output: op.outputs.map((name) => valueInfoFor(model, name, shapes)),
    initializer,
    sparseInitializer: (graph.sparseInitializer ?? []).filter((s) => touched.has(s.values?.name ?? '')),
    valueInfo: (graph.valueInfo ?? []).filter((v) => touched.has(v.name ?? '')),
    quantizationAnnotation: [],
    docString: '',
  });
  const next = new onnx.ModelProto({
    irVersion: model.irVersion ?? null,
    opsetImport: model.opsetImport ?? [],
    producerName: 'onnx.utils.extract_model',
    graph: extracted,
    functions: calledFunctions(model, keptNodes),
  });
  for (const name of op.inputs) {
    if (!next.graph?.input?.find((v) => v.name === name)?.type?.tensorType) {
      throw new OnnxError(
        'EDIT_REFUSED',
        `The type of "${clip(name)}" is not known, so it cannot be an input of the extracted model.`,
      );
    }
  }
  return {
    model: next,
    description: `Extracted ${keptNodes.length} node${keptNodes.length === 1 ? '' : 's'} from ${quoteList(op.inputs)} to ${quoteList(op.outputs)}`,
    changed: { nodes: keptNodes.map((_, i) => nodeRef(extracted, i)), values: [...op.inputs, ...op.outputs] },
  };
}

function checkNames(graph: GraphProto, op: ExtractOp): void {
  if (!Array.isArray(op.inputs) || op.inputs.length === 0)
    throw new OnnxError('EDIT_INVALID', 'Extract needs at least one input value.');
  if (!Array.isArray(op.outputs) || op.outputs.length === 0)
    throw new OnnxError('EDIT_INVALID', 'Extract needs at least one output value.');
  for (const [list, what] of [
    [op.inputs, 'inputs'],
    [op.outputs, 'outputs'],
  ] as const) {
    const repeated = list.find((name, i) => list.indexOf(name) !== i);
    if (repeated !== undefined)
      throw new OnnxError('EDIT_INVALID', `"${clip(repeated)}" is named twice among the ${what}.`);
  }
  const defined = definedNames(graph);
  const missing = [...op.inputs, ...op.outputs].find((name) => !defined.has(name));
  if (missing !== undefined) {
    throw new OnnxError('EDIT_NOT_FOUND', `There is no value "${clip(missing)}" in the main graph.`);
  }
}

function refuseHoles(graph: GraphProto, op: ExtractOp, keptNodes: NodeProto[], given: Set<string>): void {
  const made = new Set(keptNodes.flatMap((n) => n.output ?? []));
  for (const node of keptNodes) {
    for (const name of nodeReads(node)) {
      if (made.has(name) || given.has(name)) continue;
      const index = (graph.node ?? []).indexOf(node);
      throw new OnnxError(
        'EDIT_REFUSED',
        `The extracted part would not run: ${describeNode(node, index)} reads "${clip(name)}", which is neither one of the inputs (${quoteList(op.inputs)}) nor computed from them. Add "${clip(name)}" to the inputs.`,
      );
    }
  }
}

/** Model-local functions the nodes call, and the functions those call, in the order first met. */
function calledFunctions(model: ModelProto, nodes: NodeProto[]): FunctionProto[] {
  const byKey = new Map((model.functions ?? []).map((f) => [`${f.domain ?? ''}\u0000${f.name ?? ''}`, f]));
  const found: FunctionProto[] = [];
  const queue = [...nodes];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i] as NodeProto;
    const key = `${node.domain ?? ''}\u0000${node.opType ?? ''}`;
    const fn = byKey.get(key);
    if (!fn) continue;
    byKey.delete(key);
    found.push(fn);
    queue.push(...(fn.node ?? []));
  }
  return found;
}
