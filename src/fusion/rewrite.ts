import { DataType, Long } from '../onnx/index.ts';
import type { GraphProto, ModelProto, NodeProto, TensorProto, ValueInfoProto } from '../onnx/types.ts';
import type { ConstantOrigin, ResolvedConstant } from './constants.ts';
import { buildScopes, type GraphScope, readCount } from './scope.ts';

/**
 * Adds an initializer to a graph. IR < 4 requires every initializer of the main graph to be
 * listed as a graph input too, so it is added there as well.
 */
export function addInitializer(graph: GraphProto, tensor: TensorProto, listAsInput: boolean): string {
  graph.initializer = [...(graph.initializer ?? []), tensor];
  if (listAsInput) graph.input = [...(graph.input ?? []), inputFor(tensor)];
  return tensor.name ?? '';
}

/**
 * Puts `tensor` in the place of the initializer of the same name. The old message is left as it
 * was (an earlier model in the history may share it); only the graph's list changes.
 */
export function replaceInitializer(graph: GraphProto, tensor: TensorProto): string {
  graph.initializer = (graph.initializer ?? []).map((t) => (t.name === tensor.name ? tensor : t));
  return tensor.name ?? '';
}

function inputFor(tensor: TensorProto): ValueInfoProto {
  return {
    name: tensor.name ?? '',
    type: {
      tensorType: {
        elemType: tensor.dataType ?? DataType.FLOAT,
        shape: { dim: (tensor.dims ?? []).map((d) => ({ dimValue: Long.fromValue(d) })) },
      },
    },
  };
}

/** Removes value_info entries for values that no longer exist. */
export function dropValueInfo(graph: GraphProto, names: ReadonlySet<string>): void {
  if (names.size === 0 || !(graph.valueInfo ?? []).some((v) => names.has(v.name ?? ''))) return;
  graph.valueInfo = (graph.valueInfo ?? []).filter((v) => !names.has(v.name ?? ''));
}

export function removeNodes(graph: GraphProto, nodes: ReadonlySet<NodeProto>): void {
  if (nodes.size === 0) return;
  graph.node = (graph.node ?? []).filter((n) => !nodes.has(n));
}

/** What fusion may have left unused: the stored tensors and Identity nodes the folded values came from. */
export interface Leftovers {
  origins: ConstantOrigin[];
  identities: NodeProto[];
}

export function leftoversOf(constants: readonly (ResolvedConstant | undefined)[]): Leftovers {
  const present = constants.filter((c): c is ResolvedConstant => c !== undefined);
  return { origins: present.map((c) => c.origin), identities: present.flatMap((c) => c.identities) };
}

export interface Removed {
  nodes: string[];
  initializers: string[];
}

/**
 * Removes what fusion left unused, and only that: Identity and Constant nodes whose outputs
 * nothing reads any more, then initializers nothing reads (also dropping them from the graph
 * inputs where IR < 4 listed them). Something still read elsewhere (a weight shared by two
 * convs) stays.
 */
export function removeLeftovers(model: ModelProto, leftovers: Leftovers): Removed {
  const removed: Removed = { nodes: [], initializers: [] };
  const deadNodes = new Set<NodeProto>([
    ...leftovers.identities,
    ...leftovers.origins.flatMap((o) => (o.kind === 'constant-node' ? [o.node] : [])),
  ]);
  // Each pass can free the node an Identity read from; chains are short.
  for (let pass = 0; pass < 64 && deadNodes.size > 0; pass++) {
    const scopes = scopesByGraph(model);
    let progress = false;
    for (const scope of scopes.values()) {
      const dead = (scope.graph.node ?? []).filter(
        (n) => deadNodes.has(n) && (n.output ?? []).every((o) => !o || readCount(scope, o) === 0),
      );
      if (dead.length === 0) continue;
      removeNodes(scope.graph, new Set(dead));
      dropValueInfo(scope.graph, new Set(dead.flatMap((n) => n.output ?? [])));
      for (const n of dead) {
        deadNodes.delete(n);
        removed.nodes.push(n.name || n.output?.[0] || '');
      }
      progress = true;
    }
    if (!progress) break;
  }
  const initializerNames = new Map<GraphProto, Set<string>>();
  for (const origin of leftovers.origins) {
    if (origin.kind !== 'initializer') continue;
    const set = initializerNames.get(origin.scope.graph) ?? new Set<string>();
    set.add(origin.name);
    initializerNames.set(origin.scope.graph, set);
  }
  if (initializerNames.size > 0) {
    const scopes = scopesByGraph(model);
    for (const [graph, names] of initializerNames) {
      const scope = scopes.get(graph);
      if (!scope) continue;
      const unused = new Set([...names].filter((name) => readCount(scope, name) === 0));
      if (unused.size === 0) continue;
      graph.initializer = (graph.initializer ?? []).filter((t) => !unused.has(t.name ?? ''));
      if ((graph.input ?? []).some((v) => unused.has(v.name ?? ''))) {
        graph.input = (graph.input ?? []).filter((v) => !unused.has(v.name ?? ''));
      }
      dropValueInfo(graph, unused);
      removed.initializers.push(...unused);
    }
  }
  return removed;
}

function scopesByGraph(model: ModelProto): Map<GraphProto, GraphScope> {
  return new Map(buildScopes(model).map((s) => [s.graph, s]));
}
