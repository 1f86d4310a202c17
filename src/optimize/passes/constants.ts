import { constantNodeTensor } from '../../fusion/constants.ts';
import { addInitializer } from '../../fusion/rewrite.ts';
import { capturedNames, type GraphScope, readCount } from '../../fusion/scope.ts';
import { isExternal, Long } from '../../onnx/index.ts';
import type { GraphProto, NodeProto, TensorProto } from '../../onnx/types.ts';
import { renameReads } from '../graph-edit.ts';
import type { Pass, PassContext, PassOutcome } from '../types.ts';
import { Findings } from './report.ts';

/**
 * Constant storage in one form: Constant nodes become initializers of their graph; initializers
 * of one graph with the same element type, dims and stored bytes become one; initializers nothing
 * reads go. An initializer that is also an input of an IR >= 4 main graph is part of the model's
 * interface (a caller may feed it) and is neither merged nor removed; in IR < 4 every initializer
 * is listed as an input, and the listing goes with it. Ids end in "#constant", "#merged" or
 * "#unused", since one name can go through more than one of these.
 */
export const constantsPass: Pass = {
  name: 'constants',
  kind: 'constants',
  title: 'Constant nodes to initializers; duplicate initializers merged; unused initializers removed',
  run(ctx: PassContext): PassOutcome {
    const findings = new Findings(this, ctx);
    for (const scope of ctx.scopes) {
      const listAsInput = scope.isMain && ctx.irVersion < 4;
      constantNodes(scope, findings, listAsInput);
      const merged = duplicates(scope, findings, listAsInput, ctx);
      unused(scope, findings, listAsInput, ctx, merged);
    }
    return { model: ctx.model, candidates: findings.candidates, applied: findings.applied };
  },
};

function constantNodes(scope: GraphScope, findings: Findings, listAsInput: boolean): void {
  const removed = new Set<NodeProto>();
  for (const node of scope.index.nodes) {
    if (node.opType !== 'Constant' || (node.domain && node.domain !== 'ai.onnx')) continue;
    const output = node.output?.[0];
    if (!output || (node.output?.length ?? 0) !== 1) continue;
    const label = node.name || output;
    const action = 'Constant node stored as an initializer';
    if (scope.index.outputs.has(output)) {
      findings.refuse(
        scope,
        output,
        label,
        'Constant',
        action,
        'GRAPH_OUTPUT',
        `"${output}" is a graph output; a Constant node keeps producing it.`,
      );
      continue;
    }
    const tensor = constantNodeTensor(node);
    if (!tensor) {
      findings.refuse(
        scope,
        output,
        label,
        'Constant',
        action,
        'DTYPE',
        `The Constant "${label}" holds a string or sparse value, which stays a node.`,
      );
      continue;
    }
    if (scope.index.initializers.has(output) || scope.index.inputs.has(output)) continue; // damaged: a name defined twice
    if (!findings.offer(scope, `${output}#constant`, label, 'Constant', action)) continue;
    addInitializer(scope.graph, renamedTensor(tensor, output), listAsInput);
    removed.add(node);
  }
  if (removed.size > 0) {
    scope.graph.node = (scope.graph.node ?? []).filter((n) => !removed.has(n));
  }
}

/** A copy of a tensor message under another name (same class, same stored data). */
function renamedTensor(tensor: TensorProto, name: string): TensorProto {
  const copy = Object.assign(Object.create(Object.getPrototypeOf(tensor)) as TensorProto, tensor);
  copy.name = name;
  return copy;
}

/** Merges initializers with equal type, dims and bytes; returns the names removed. */
function duplicates(scope: GraphScope, findings: Findings, listAsInput: boolean, ctx: PassContext): Set<string> {
  const removed = new Set<string>();
  const groups = new Map<string, TensorProto[]>();
  for (const tensor of scope.graph.initializer ?? []) {
    const name = tensor.name ?? '';
    if (!name || isExternal(tensor) || isInterface(scope, name, ctx)) continue;
    const dims = (tensor.dims ?? []).map((d) => Long.fromValue(d).toString()).join(',');
    const key = `${tensor.dataType ?? 0}|${dims}|${storedLength(tensor)}`;
    const group = groups.get(key);
    if (group) group.push(tensor);
    else groups.set(key, [tensor]);
  }
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const byContent = new Map<string, TensorProto[]>();
    for (const t of group) {
      const bytes = storedBytes(t);
      if (!bytes) continue;
      const key = `${t.rawData && t.rawData.length > 0 ? 'raw' : 'typed'}|${sampleHash(bytes)}`;
      const same = byContent.get(key);
      if (same) same.push(t);
      else byContent.set(key, [t]);
    }
    for (const same of byContent.values()) mergeGroup(scope, same, findings, removed);
  }
  if (removed.size > 0) dropInitializers(scope.graph, removed, listAsInput);
  return removed;
}

/** Merges each tensor of `group` (equal sample hashes) into the first one with equal bytes. */
function mergeGroup(scope: GraphScope, group: TensorProto[], findings: Findings, removed: Set<string>): void {
  // Equal sample hashes do not make equal bytes: split into classes of really equal tensors.
  const classes: { bytes: Uint8Array; members: TensorProto[] }[] = [];
  for (const t of group) {
    const bytes = storedBytes(t) as Uint8Array;
    const same = classes.find((c) => equalBytes(c.bytes, bytes));
    if (same) same.members.push(t);
    else classes.push({ bytes, members: [t] });
  }
  for (const { members } of classes) if (members.length > 1) mergeEqual(scope, members, findings, removed);
}

function mergeEqual(scope: GraphScope, same: TensorProto[], findings: Findings, removed: Set<string>): void {
  // Keep a graph output if one of them is one: its name must stay.
  const kept = same.find((t) => scope.index.outputs.has(t.name ?? '')) ?? (same[0] as TensorProto);
  for (const t of same) {
    const name = t.name ?? '';
    if (t === kept) continue;
    const action = `merged into the equal initializer "${kept.name ?? ''}"`;
    if (scope.index.outputs.has(name)) {
      findings.refuse(
        scope,
        name,
        name,
        'initializer',
        action,
        'GRAPH_OUTPUT',
        `"${name}" is a graph output; its name must stay.`,
      );
      continue;
    }
    if (!findings.offer(scope, `${name}#merged`, name, 'initializer', action)) continue;
    renameReads(scope.graph, name, kept.name ?? '');
    removed.add(name);
  }
}

function unused(
  scope: GraphScope,
  findings: Findings,
  listAsInput: boolean,
  ctx: PassContext,
  merged: ReadonlySet<string>,
): void {
  const removed = new Set<string>();
  // The index predates this run's merges: an initializer kept by a merge may have taken over the
  // reads of the ones merged into it, so what the graph reads now is checked as well.
  const readNow = merged.size > 0 ? currentReads(scope) : undefined;
  for (const tensor of scope.graph.initializer ?? []) {
    const name = tensor.name ?? '';
    if (merged.has(name) || readCount(scope, name) > 0 || readNow?.has(name) || isInterface(scope, name, ctx)) continue;
    if (!findings.offer(scope, `${name}#unused`, name, 'initializer', 'unused initializer removed')) continue;
    removed.add(name);
  }
  if (removed.size > 0) dropInitializers(scope.graph, removed, listAsInput);
}

/** Names the graph's nodes, its nested subgraphs and its outputs read now. */
function currentReads(scope: GraphScope): Set<string> {
  const reads = capturedNames(scope.graph);
  for (const node of scope.graph.node ?? []) for (const input of node.input ?? []) reads.add(input);
  for (const output of scope.graph.output ?? []) reads.add(output.name ?? '');
  return reads;
}

/** An initializer a caller may feed: an input of the main graph of an IR >= 4 model. */
function isInterface(scope: GraphScope, name: string, ctx: PassContext): boolean {
  return scope.isMain && ctx.irVersion >= 4 && scope.index.inputs.has(name);
}

function dropInitializers(graph: GraphProto, names: ReadonlySet<string>, listedAsInputs: boolean): void {
  graph.initializer = (graph.initializer ?? []).filter((t) => !names.has(t.name ?? ''));
  if (listedAsInputs && (graph.input ?? []).some((v) => names.has(v.name ?? ''))) {
    graph.input = (graph.input ?? []).filter((v) => !names.has(v.name ?? ''));
  }
  if ((graph.valueInfo ?? []).some((v) => names.has(v.name ?? ''))) {
    graph.valueInfo = (graph.valueInfo ?? []).filter((v) => !names.has(v.name ?? ''));
  }
}

function storedLength(t: TensorProto): number {
  if (t.rawData && t.rawData.length > 0) return t.rawData.length;
  return (
    (t.floatData?.length ?? 0) +
    (t.int32Data?.length ?? 0) +
    (t.int64Data?.length ?? 0) +
    (t.doubleData?.length ?? 0) +
    (t.uint64Data?.length ?? 0) +
    (t.stringData?.length ?? 0) * 1e9
  );
}

/**
 * The tensor's stored values as bytes, for comparing: raw_data as it is, a typed field encoded
 * with the field's own width (so a raw and a typed tensor never compare equal: conservative).
 * Strings are not compared (undefined).
 */
function storedBytes(t: TensorProto): Uint8Array | undefined {
  if (t.rawData && t.rawData.length > 0) return t.rawData;
  if ((t.stringData?.length ?? 0) > 0) return undefined;
  const parts: Uint8Array[] = [];
  if (t.floatData?.length) parts.push(bytesOf(Float32Array.from(t.floatData)));
  if (t.doubleData?.length) parts.push(bytesOf(Float64Array.from(t.doubleData)));
  if (t.int32Data?.length) parts.push(bytesOf(Int32Array.from(t.int32Data)));
  if (t.int64Data?.length)
    parts.push(bytesOf(BigInt64Array.from(t.int64Data, (v) => BigInt(Long.fromValue(v).toString()))));
  if (t.uint64Data?.length)
    parts.push(bytesOf(BigUint64Array.from(t.uint64Data, (v) => BigInt(Long.fromValue(v).toUnsigned().toString()))));
  if (parts.length > 1) return undefined; // two typed fields at once: damaged, leave it
  return parts[0] ?? new Uint8Array(0);
}

function bytesOf(array: ArrayBufferView): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

/** Bytes hashed whole; past this, a sample is hashed. */
const WHOLE_HASH_BYTES = 4096;
/** Windows sampled from a larger tensor, and the bytes in each. */
const SAMPLE_WINDOWS = 64;
const WINDOW_BYTES = 16;

/**
 * FNV-1a over the bytes of a small tensor, or over 64 windows of 16 bytes spread over a large one
 * (the last window ends at the last byte). It only groups candidates, which are then compared
 * byte by byte; hashing every byte of every same-shaped weight, each round, was most of the
 * optimizer's time on resnet50-sized models (weights of one shape rarely agree on a sample).
 */
function sampleHash(bytes: Uint8Array): string {
  let h = 0x811c9dc5;
  const mix = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      h ^= bytes[i] as number;
      h = Math.imul(h, 0x01000193);
    }
  };
  const n = bytes.length;
  if (n <= WHOLE_HASH_BYTES) mix(0, n);
  else {
    const stride = Math.floor((n - WINDOW_BYTES) / (SAMPLE_WINDOWS - 1));
    for (let w = 0; w < SAMPLE_WINDOWS; w++) {
      const at = w === SAMPLE_WINDOWS - 1 ? n - WINDOW_BYTES : w * stride;
      mix(at, at + WINDOW_BYTES);
    }
  }
  return (h >>> 0).toString(16);
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
