import { dataTypeName, formatType, indexGraph, int64ToApproxNumber, tensorDims } from '../onnx/index.ts';
import type { GraphProto, NodeProto, TensorProto } from '../onnx/types.ts';
import { attributeSummary } from './attributes.ts';
import { MAX_CHIPS } from './constants.ts';
import type { CandidateStatus, SearchEntry, TensorChip, ViewEdge, ViewNode } from './types.ts';

/** What the view marks on the graph: candidates by the value the fused node will produce. */
export interface Marks {
  candidates: readonly {
    id: string;
    kind: string;
    output: string;
    status: 'fusible' | 'blocked';
    reason?: string;
  }[];
  /** Times each node (by the first value it produces) has absorbed a fusion. */
  fusedByOutput: ReadonlyMap<string, number>;
}

/** One dimension as shape inference gives it: a size, or a symbol's name ("batch", "unk_3"). */
export type InferredDim = number | string;

/**
 * Shapes worked out by shape inference for the main graph's values, by value name: what labels
 * the edges whose values the file declares no shape for. Structurally the main graph's map of
 * src/optimize/shape's InferredShapes, so the layout needs no import of the optimizer.
 */
export type InferredValueShapes = ReadonlyMap<string, { readonly dims?: readonly InferredDim[] }>;

const NODE_WIDTH = 196;

/** Height of a node card: title and name, a line of attributes, one line per chip. */
export function nodeHeight(attributes: number, chips: number): number {
  const chipRows = Math.min(chips, MAX_CHIPS) + (chips > MAX_CHIPS ? 1 : 0);
  return 42 + (attributes > 0 ? 16 : 0) + chipRows * 17;
}

/** Every op (and graph input and output) of the main graph, with its edges: before grouping. */
export interface FullGraph {
  nodes: ViewNode[];
  edges: ViewEdge[];
  search: SearchEntry[];
}

/**
 * The main graph as nodes and edges to draw: graph inputs and outputs as small nodes, initializers
 * and Constant nodes as chips on the nodes that read them, candidates marked on their two nodes
 * and the edge between them. Positions are left at 0: `composeView` places what is shown.
 */
export function buildFullGraph(graph: GraphProto, marks: Marks, inferred?: InferredValueShapes): FullGraph {
  const index = indexGraph(graph);
  const labelOf = (name: string): string => shapeLabel(index, name, inferred);
  const nodes: ViewNode[] = [];
  const edges: ViewEdge[] = [];
  const producerId = new Map<string, string>();
  const chipConstants = new Set<NodeProto>();

  for (const node of index.nodes) {
    if (node.opType === 'Constant' && !node.domain && (node.output?.length ?? 0) === 1) chipConstants.add(node);
  }
  const constantTensor = (name: string): TensorProto | undefined => {
    const p = index.producer.get(name);
    const node = p === undefined ? undefined : index.nodes[p];
    if (!node || !chipConstants.has(node)) return undefined;
    return node.attribute?.find((a) => a.name === 'value')?.t ?? { name, dataType: 1, dims: [] };
  };

  const usedIds = new Set<string>();
  const idFor = (node: NodeProto): string => {
    const name = node.name ?? '';
    const candidate =
      name && !usedIds.has(name) ? name : `${node.opType ?? 'node'}:${node.output?.[0] ?? nodes.length}`;
    // Group ids live in the same namespace on the page; a node named like one must not collide.
    const free = candidate.startsWith('group:') ? `node:${candidate}` : candidate;
    let id = free;
    for (let k = 2; usedIds.has(id); k++) id = `${free}#${k}`;
    usedIds.add(id);
    return id;
  };

  for (const input of graph.input ?? []) {
    const name = input.name ?? '';
    if (index.initializers.has(name)) continue;
    const id = `input:${name}`;
    if (usedIds.has(id)) continue; // an input listed twice is drawn once
    usedIds.add(id);
    producerId.set(name, id);
    nodes.push(ioNode(id, 'input', name, formatType(input.type)));
  }

  for (const [nodeIndex, node] of index.nodes.entries()) {
    if (chipConstants.has(node)) continue;
    const id = idFor(node);
    for (const output of node.output ?? []) if (output) producerId.set(output, id);
    const chips: TensorChip[] = [];
    for (const input of node.input ?? []) {
      const tensor = index.initializers.get(input) ?? constantTensor(input);
      if (tensor) chips.push({ name: input, type: tensorType(tensor) });
    }
    const attributes = attributeSummary(node.attribute ?? []);
    const view: ViewNode = {
      id,
      kind: 'op',
      index: nodeIndex,
      op: node.domain && node.domain !== 'ai.onnx' ? `${node.domain}.${node.opType ?? ''}` : (node.opType ?? ''),
      name: node.name ?? '',
      attributes,
      chips,
      x: 0,
      y: 0,
      width: NODE_WIDTH,
      height: nodeHeight(attributes.length, chips.length),
    };
    const fused = marks.fusedByOutput.get(node.output?.[0] ?? '');
    if (fused) view.fusedCount = fused;
    nodes.push(view);
  }

  const nodeById = new Map(nodes.map((n) => [n.id, n]));
  const mark = (nodeId: string | undefined, candidate: Marks['candidates'][number], role: 'kept' | 'folded') => {
    const node = nodeId ? nodeById.get(nodeId) : undefined;
    if (!node || (node.status === 'fusible' && candidate.status !== 'fusible')) return;
    node.candidateId = candidate.id;
    node.candidateRole = role;
    node.status = candidate.status;
    if (candidate.reason) node.reason = candidate.reason;
    else delete node.reason;
  };

  const edgeIds = new Set<string>();
  for (const node of index.nodes) {
    if (chipConstants.has(node)) continue;
    const target = producerId.get(node.output?.[0] ?? '') ?? '';
    for (const input of node.input ?? []) {
      if (!input || index.initializers.has(input) || constantTensor(input)) continue;
      const source = producerId.get(input);
      const id = `${source}->${target}:${input}`;
      // A node reading one value twice (Mul(x, x), or a million times in a hostile file) gets one edge.
      if (!source || edgeIds.has(id)) continue;
      edgeIds.add(id);
      edges.push({ id, source, target, value: input, label: labelOf(input) });
    }
  }
  for (const output of graph.output ?? []) {
    const name = output.name ?? '';
    const id = `output:${name}`;
    if (usedIds.has(id)) continue; // an output listed twice is drawn once
    usedIds.add(id);
    nodes.push(ioNode(id, 'output', name, formatType(output.type)));
    const source = producerId.get(name);
    if (source) edges.push({ id: `${source}->${id}`, source, target: id, value: name, label: labelOf(name) });
  }

  // Candidates: the node producing `output` and the node on the other end of the fused edge.
  const edgesByValue = new Map<string, ViewEdge[]>();
  for (const e of edges) {
    const list = edgesByValue.get(e.value);
    if (list) list.push(e);
    else edgesByValue.set(e.value, [e]);
  }
  for (const candidate of marks.candidates) {
    const p = index.producer.get(candidate.output);
    const last = p === undefined ? undefined : index.nodes[p];
    if (!last) continue;
    const lastId = producerId.get(candidate.output);
    // The other node: for BN→Conv the BN feeding the conv; otherwise the conv feeding the follower.
    const otherValue = candidate.kind === 'bn-conv' ? (last.input?.[0] ?? '') : findConvInput(index, last);
    const otherId = producerId.get(otherValue);
    // BN→Conv keeps the conv, which produces `output`; the other kinds keep the node before.
    const bnConv = candidate.kind === 'bn-conv';
    mark(lastId, candidate, bnConv ? 'kept' : 'folded');
    mark(otherId, candidate, bnConv ? 'folded' : 'kept');
    for (const e of edgesByValue.get(otherValue) ?? []) {
      if (e.target === lastId && e.source === otherId) {
        e.candidateId = candidate.id;
        e.status = candidate.status as CandidateStatus;
      }
    }
  }

  const search = nodes.filter((n) => n.kind === 'op').map((n) => ({ id: n.id, name: n.name, op: n.op }));
  return { nodes, edges, search };
}

/** For a follower (BN, Mul, Add, after Conv/Gemm/MatMul), the input that the kept node produces. */
function findConvInput(index: ReturnType<typeof indexGraph>, follower: NodeProto): string {
  const inputs = follower.input ?? [];
  for (const input of inputs) {
    const p = index.producer.get(input);
    const op = p === undefined ? '' : (index.nodes[p]?.opType ?? '');
    if (['Conv', 'ConvTranspose', 'Gemm', 'MatMul'].includes(op)) return input;
  }
  return inputs[0] ?? '';
}

function ioNode(id: string, kind: 'input' | 'output', name: string, type: string): ViewNode {
  return {
    id,
    kind,
    op: kind === 'input' ? 'Input' : 'Output',
    name,
    attributes: [type],
    chips: [],
    x: 0,
    y: 0,
    width: NODE_WIDTH,
    height: nodeHeight(1, 0),
  };
}

function tensorType(tensor: TensorProto): string {
  let dims: number[];
  try {
    dims = tensorDims(tensor);
  } catch {
    dims = [];
  }
  return `${dataTypeName(tensor.dataType ?? 0)}[${dims.join(',')}]`;
}

/**
 * An edge's label: the shape the file declares (value_info, graph input or output) when every dim
 * is stated, otherwise the inferred one (symbols by name), otherwise what the file declares with
 * '?' for unknown dims, or nothing.
 */
function shapeLabel(
  index: ReturnType<typeof indexGraph>,
  name: string,
  inferred: InferredValueShapes | undefined,
): string {
  const declared = declaredDims(index, name);
  if (declared && !declared.includes('?')) return declared.join('×');
  const dims = inferred?.get(name)?.dims;
  if (dims && dims.length > 0) return dims.map(String).join('×');
  return declared ? declared.join('×') : '';
}

function declaredDims(index: ReturnType<typeof indexGraph>, name: string): string[] | undefined {
  const info = index.valueInfo.get(name) ?? index.inputs.get(name) ?? index.outputs.get(name);
  const shape = info?.type?.tensorType?.shape;
  if (!shape) return undefined;
  return (shape.dim ?? []).map((d) =>
    d.dimValue !== null && d.dimValue !== undefined ? String(int64ToApproxNumber(d.dimValue)) : d.dimParam || '?',
  );
}
