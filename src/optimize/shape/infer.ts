import { onnxOp } from '../../fusion/attributes.ts';
import { nodeLabel } from '../../fusion/scope.ts';
import { DataType } from '../../onnx/dtype.ts';
import { indexGraph, int64ToApproxNumber, nodeSubgraphs, topologicalOrder } from '../../onnx/index.ts';
import type { GraphProto, ModelProto, NodeProto, ValueInfoProto } from '../../onnx/types.ts';
import { type ConstTensor, EVALUATED_OPS, evaluateNode } from '../evaluate/index.ts';
import { GraphContext, INFERENCE_CONST_BYTES } from './context.ts';
import { NodeView } from './node-view.ts';
import { ELEMENTWISE_RULES, type Rule } from './rules-elementwise.ts';
import { NN_RULES } from './rules-nn.ts';
import { SHAPE_RULES } from './rules-shape.ts';
import { symbolicValue } from './symbolic-values.ts';
import { MAX_INFERRED_RANK, Symbols } from './symbols.ts';
import type { Dim, InferredShapes, SymbolicValue, ValueShape } from './types.ts';

const RULES: Readonly<Record<string, Rule>> = { ...ELEMENTWISE_RULES, ...NN_RULES, ...SHAPE_RULES };

/**
 * Node and graph visits allowed over the whole model: twice the largest model the core opens,
 * since a Loop body whose carried shapes change is inferred twice (and nested ones compound).
 */
const MAX_VISITS = 1_000_000;
/** Deepest nesting of subgraphs inferred; deeper bodies keep their declared shapes only. */
const MAX_DEPTH = 32;

export interface InferOptions {
  /**
   * Treat initializers that are also graph inputs (IR >= 4) as constants. Off by default: a
   * caller may feed another value for them, so their content is not known.
   */
  inputInitializersAreConstant?: boolean;
}

interface Run {
  model: ModelProto;
  symbols: Symbols;
  opset: number;
  result: InferredShapes;
  visits: number;
  options: InferOptions;
}

/**
 * Shapes of every value of every graph of `model`, static where they can be and symbolic where
 * not, by the standard ops' rules (elementwise with numpy broadcasting, Conv/pooling/ConvTranspose,
 * MatMul/Gemm, Reshape/Flatten/Transpose/Concat/Split/Slice/Gather/Squeeze/Unsqueeze/Expand/Tile,
 * Resize/Upsample, Pad, the Reduce family, Shape/Size, Range, ConstantOfShape, LayerNormalization,
 * If/Loop bodies…), with the contents of small constants and shape arithmetic computed by the
 * constant evaluator so `Shape → Gather → Concat → Reshape` resolves.
 *
 * A graph input's dim_param is kept as its symbol; a size inference cannot name is a fresh
 * symbol (`unk_N`); equal symbols mean equal sizes. A declared value_info or graph output adds
 * the numbers inference did not find. Never throws: an unknown op or a bad attribute gives an
 * unknown shape; work is bounded (node visits, nesting depth, rank).
 */
export function inferShapes(model: ModelProto, options: InferOptions = {}): InferredShapes {
  const result: InferredShapes = { graphs: new Map(), constants: new Map(), symbolic: new Map() };
  if (!model.graph) return result;
  const symbols = new Symbols();
  reserveNames(model.graph, symbols);
  const run: Run = { model, symbols, opset: defaultOpset(model), result, visits: 0, options };
  inferGraph(run, model.graph, 'main', undefined, undefined, 0);
  return result;
}

/** A value's shape: looked up in graph `path`, then in the graphs around it (captured values). */
export function lookupShape(shapes: InferredShapes, path: string, name: string): ValueShape | undefined {
  return lookupInScope(shapes, shapes.graphs, path, name);
}

/** A value's content when inference computed it, looked up like {@link lookupShape}. */
export function lookupConstant(shapes: InferredShapes, path: string, name: string): ConstTensor | undefined {
  return lookupInScope(shapes, shapes.constants, path, name);
}

/** A value's elements as dims (some symbolic), looked up like {@link lookupShape}. */
export function lookupSymbolic(shapes: InferredShapes, path: string, name: string): SymbolicValue | undefined {
  return lookupInScope(shapes, shapes.symbolic, path, name);
}

/**
 * `name` in `table` for graph `path` or, when that graph does not define the value, the graphs
 * around it. A value a graph defines hides an outer one of the same name, even when only its
 * shape is known there.
 */
function lookupInScope<T>(
  shapes: InferredShapes,
  table: ReadonlyMap<string, ReadonlyMap<string, T>>,
  path: string,
  name: string,
): T | undefined {
  for (let p: string | undefined = path; p; p = parentPath(p)) {
    const found = table.get(p)?.get(name);
    if (found) return found;
    if (shapes.graphs.get(p)?.has(name)) return undefined;
  }
  return undefined;
}

function parentPath(path: string): string | undefined {
  const at = path.lastIndexOf('/');
  return at < 0 ? undefined : path.slice(0, at);
}

function defaultOpset(model: ModelProto): number {
  const entry = (model.opsetImport ?? []).find((o) => !o.domain || o.domain === 'ai.onnx');
  return entry ? int64ToApproxNumber(entry.version) : 1;
}

function reserveNames(graph: GraphProto, symbols: Symbols): void {
  for (const v of [...(graph.input ?? []), ...(graph.output ?? []), ...(graph.valueInfo ?? [])]) {
    for (const d of v.type?.tensorType?.shape?.dim ?? []) if (d.dimParam) symbols.reserve(d.dimParam);
  }
}

/** A declared type as a ValueShape: dim_param kept, a dim with neither value nor param made fresh. */
function declared(info: ValueInfoProto | undefined, symbols: Symbols, fresh: boolean): ValueShape | undefined {
  const tensor = info?.type?.tensorType;
  if (!tensor) return undefined;
  const elemType = tensor.elemType ?? 0;
  const dimList = tensor.shape?.dim;
  if (!tensor.shape || !dimList || dimList.length > MAX_INFERRED_RANK) return { elemType };
  const dims: Dim[] = dimList.map((d) => {
    const n = d.dimValue === null || d.dimValue === undefined ? undefined : int64ToApproxNumber(d.dimValue);
    if (n !== undefined && Number.isSafeInteger(n) && n >= 0 && (n > 0 || !d.dimParam)) return n;
    if (d.dimParam) return d.dimParam;
    return fresh ? symbols.fresh() : '';
  });
  return { elemType, dims };
}

/** A rule's result made safe to keep: dims non-negative integers or non-empty symbols, rank capped. */
function sane(shape: ValueShape | undefined): ValueShape | undefined {
  if (!shape) return undefined;
  const elemType = Number.isInteger(shape.elemType) ? shape.elemType : 0;
  const dims = shape.dims;
  if (!dims || dims.length > MAX_INFERRED_RANK) return { elemType };
  const ok = dims.every((d) => (typeof d === 'number' ? Number.isSafeInteger(d) && d >= 0 : d.length > 0));
  return ok ? { elemType, dims: [...dims] } : { elemType };
}

/** Inferred and declared together: inferred first, the declared numbers where inference has a symbol. */
function withDeclared(inferred: ValueShape | undefined, stated: ValueShape | undefined): ValueShape {
  if (!inferred) return stated ? { ...stated, dims: stated.dims?.map((d) => (d === '' ? '?' : d)) } : { elemType: 0 };
  const elemType = inferred.elemType || stated?.elemType || 0;
  const a = inferred.dims;
  const b = stated?.dims;
  if (!a) return b && !b.includes('') ? { elemType, dims: b } : { elemType };
  if (!b || b.length !== a.length) return { elemType, dims: a };
  return {
    elemType,
    dims: a.map((d, i) => (typeof d === 'string' && typeof b[i] === 'number' ? (b[i] as number) : d)),
  };
}

function inferGraph(
  run: Run,
  graph: GraphProto,
  path: string,
  parent: GraphContext | undefined,
  inputShapes: readonly (ValueShape | undefined)[] | undefined,
  depth: number,
): GraphContext {
  const ctx = new GraphContext(path, parent, run.symbols, run.opset);
  run.visits++;
  const isMain = parent === undefined;
  const irVersion = int64ToApproxNumber(run.model.irVersion);
  const inputNames = new Set((graph.input ?? []).map((v) => v.name ?? ''));
  (graph.input ?? []).forEach((info, i) => {
    const name = info.name ?? '';
    const given = inputShapes?.[i];
    ctx.shapes.set(name, given ?? declared(info, run.symbols, true) ?? { elemType: 0 });
    ctx.shadowed.add(name);
  });
  for (const t of graph.initializer ?? []) {
    const name = t.name ?? '';
    const overridable = isMain && irVersion >= 4 && inputNames.has(name) && !run.options.inputInitializersAreConstant;
    if (!inputNames.has(name) || !overridable) {
      const dims = (t.dims ?? []).map((d) => int64ToApproxNumber(d));
      const dimsOk = dims.length <= MAX_INFERRED_RANK && dims.every((d) => Number.isSafeInteger(d) && d >= 0);
      ctx.shapes.set(name, dimsOk ? { elemType: t.dataType ?? 0, dims } : { elemType: t.dataType ?? 0 });
      if (!overridable) ctx.initializers.set(name, t);
    }
  }
  const stated = new Map<string, ValueInfoProto>();
  for (const v of [...(graph.valueInfo ?? []), ...(graph.output ?? [])]) stated.set(v.name ?? '', v);
  const nodes = graph.node ?? [];
  for (const i of topologicalOrder(indexGraph(graph)).order) {
    const node = nodes[i] as NodeProto;
    const outputs = run.visits++ < MAX_VISITS ? safeInferNode(run, node, i, ctx, depth) : [];
    (node.output ?? []).forEach((name, k) => {
      if (!name) return;
      ctx.shadowed.add(name);
      ctx.shapes.set(name, withDeclared(sane(outputs[k]), declared(stated.get(name), run.symbols, false)));
    });
  }
  run.result.graphs.set(path, ctx.shapes);
  run.result.constants.set(path, ctx.constants);
  run.result.symbolic.set(path, ctx.symbolic);
  return ctx;
}

function safeInferNode(run: Run, node: NodeProto, index: number, ctx: GraphContext, depth: number) {
  try {
    return inferNode(run, node, index, ctx, depth);
  } catch {
    return [];
  }
}

function inferNode(
  run: Run,
  node: NodeProto,
  index: number,
  ctx: GraphContext,
  depth: number,
): (ValueShape | undefined)[] {
  const op = onnxOp(node);
  const subgraphs = nodeSubgraphs(node);
  if (subgraphs.length > 0) return inferControlFlow(run, node, index, ctx, depth);
  if (!op) return [];
  const view = new NodeView(node, ctx);
  const evaluated = evaluateIfConstant(node, ctx, op);
  if (evaluated) return evaluated;
  const symbolic = symbolicValue(view);
  const outputs = RULES[op] && Object.hasOwn(RULES, op) ? (RULES[op] as Rule)(view) : [];
  const out0 = node.output?.[0];
  if (symbolic && out0) {
    const tensor = symbolic.elems.every((d) => typeof d === 'number') ? toConst(symbolic) : undefined;
    if (tensor) ctx.constants.set(out0, tensor);
    else ctx.symbolic.set(out0, symbolic);
  }
  return outputs;
}

/** A node whose inputs are all known is computed; its outputs' shapes are the results'. */
function evaluateIfConstant(node: NodeProto, ctx: GraphContext, op: string): ValueShape[] | undefined {
  if (!EVALUATED_OPS.has(op)) return undefined;
  const inputs: (ConstTensor | undefined)[] = [];
  for (const name of node.input ?? []) {
    if (!name) {
      inputs.push(undefined);
      continue;
    }
    const t = ctx.constant(name);
    if (!t) return undefined;
    inputs.push(t);
  }
  const result = evaluateNode(node, inputs, ctx.opset, { maxBytes: INFERENCE_CONST_BYTES });
  if (!result.ok) return undefined;
  result.outputs.forEach((t, k) => {
    const name = node.output?.[k];
    if (name) ctx.constants.set(name, t);
  });
  return result.outputs.map((t) => ({ elemType: t.dataType, dims: [...t.dims] }));
}

function toConst(v: SymbolicValue): ConstTensor | undefined {
  const elems = v.elems as number[];
  const dims = v.scalar ? [] : [elems.length];
  if (v.elemType === DataType.INT32) return { dataType: DataType.INT32, dims, data: Int32Array.from(elems) };
  if (v.elemType !== DataType.INT64) return undefined;
  return { dataType: DataType.INT64, dims, data: BigInt64Array.from(elems, (e) => BigInt(e)) };
}

/** Shapes two values may take (If's branches, a Loop's carried value before and after): where they agree. */
function mergeShapes(symbols: Symbols, a: ValueShape | undefined, b: ValueShape | undefined): ValueShape | undefined {
  if (!a || !b) return a ?? b;
  const elemType = a.elemType || b.elemType;
  if (!a.dims || !b.dims || a.dims.length !== b.dims.length) return { elemType };
  const bd = b.dims;
  return { elemType, dims: a.dims.map((d, i) => mergeDim(symbols, d, bd[i] as Dim)) };
}

/** Two sizes a value may have: the size when both are the same, else a fresh symbol. */
function mergeDim(symbols: Symbols, a: Dim, b: Dim): Dim {
  return a === b ? a : symbols.fresh();
}

function subgraphPath(ctx: GraphContext, node: NodeProto, index: number, attribute: string): string {
  return `${ctx.path}/${nodeLabel(node, index)}.${attribute}`;
}

function outputShapesOf(sub: GraphContext, graph: GraphProto): (ValueShape | undefined)[] {
  return (graph.output ?? []).map((o) => sub.shape(o.name ?? ''));
}

/**
 * If: each branch inferred with the enclosing graph's values in scope; outputs where the branches
 * agree (only the taken branch when the condition is constant). Loop: the body inferred with the
 * carried values' initial shapes, again with their merge when the body changes them; scan outputs
 * gain a leading axis of unknown length. Other nodes with subgraphs (Scan, custom ops): bodies
 * inferred from their declared inputs, outputs unknown.
 */
function inferControlFlow(
  run: Run,
  node: NodeProto,
  index: number,
  ctx: GraphContext,
  depth: number,
): (ValueShape | undefined)[] {
  if (depth >= MAX_DEPTH || run.visits >= MAX_VISITS) return [];
  const op = onnxOp(node);
  const subs = nodeSubgraphs(node);
  if (op === 'If') {
    const branch = (name: string) => subs.find((s) => s.attribute === name)?.graph;
    const thenGraph = branch('then_branch');
    const elseGraph = branch('else_branch');
    const results = [thenGraph, elseGraph].map((g, k) =>
      g
        ? outputShapesOf(
            inferGraph(
              run,
              g,
              subgraphPath(ctx, node, index, k === 0 ? 'then_branch' : 'else_branch'),
              ctx,
              undefined,
              depth + 1,
            ),
            g,
          )
        : [],
    );
    const condition = node.input?.[0] ? ctx.constant(node.input[0]) : undefined;
    if (condition && condition.data.length === 1) return (condition.data[0] ? results[0] : results[1]) ?? [];
    const [a = [], b = []] = results;
    return (node.output ?? []).map((_, k) => mergeShapes(run.symbols, a[k], b[k]));
  }
  if (op === 'Loop') {
    const body = subs.find((s) => s.attribute === 'body')?.graph;
    if (!body) return [];
    const path = subgraphPath(ctx, node, index, 'body');
    const carriedCount = Math.max(0, (node.input?.length ?? 0) - 2);
    const initial = Array.from({ length: carriedCount }, (_, k) => {
      const name = node.input?.[k + 2];
      return name ? ctx.shape(name) : undefined;
    });
    const header: ValueShape[] = [
      { elemType: DataType.INT64, dims: [] },
      { elemType: DataType.BOOL, dims: [] },
    ];
    let sub = inferGraph(run, body, path, ctx, [...header, ...initial], depth + 1);
    let outs = outputShapesOf(sub, body);
    const after = outs.slice(1, 1 + carriedCount);
    const stable = after.every((s, k) => sameShape(s, initial[k]));
    let carried = initial;
    if (!stable) {
      carried = initial.map((s, k) => mergeShapes(run.symbols, s, after[k]));
      sub = inferGraph(run, body, path, ctx, [...header, ...carried], depth + 1);
      outs = outputShapesOf(sub, body);
    }
    const trips = run.symbols.fresh();
    const scans = outs
      .slice(1 + carriedCount)
      .map((s) => (s?.dims ? { elemType: s.elemType, dims: [trips, ...s.dims] } : s && { elemType: s.elemType }));
    return [...carried, ...scans];
  }
  for (const { attribute, graph } of subs) {
    inferGraph(run, graph, subgraphPath(ctx, node, index, attribute), ctx, undefined, depth + 1);
  }
  return [];
}

function sameShape(a: ValueShape | undefined, b: ValueShape | undefined): boolean {
  if (!a || !b) return a === b;
  if (!a.dims || !b.dims) return !a.dims && !b.dims;
  return a.dims.length === b.dims.length && a.dims.every((d, i) => d === b.dims?.[i]);
}
