import { capturedNames, type GraphScope } from '../fusion/scope.ts';
import { indexGraph } from '../onnx/index.ts';
import type { NodeProto } from '../onnx/types.ts';
import { producerOf, removeGraphNodes, renameProducedValue, renameReads } from './graph-edit.ts';

/** Whether a node computing `output` as a copy of `input` can go, and how. */
export type BypassPlan =
  /** Readers of `output` read `input` instead. */
  | { how: 'readers'; input: string; output: string }
  /** `output` is a graph output: the node producing `input` takes the name `output` instead. */
  | { how: 'rename-producer'; input: string; output: string; producer: NodeProto }
  | { how: 'blocked'; message: string };

/**
 * Plans removing a node whose output equals its input `input`. A graph output keeps its name: the
 * node that makes `input` is renamed to produce it, unless `input` is itself a graph input or
 * output, an initializer, or a value from an enclosing graph (then the node stays).
 */
export function planBypass(scope: GraphScope, node: NodeProto, input: string): BypassPlan {
  const output = node.output?.[0] ?? '';
  if (!scope.index.outputs.has(output)) return { how: 'readers', input, output };
  const producer = producerOf(scope, input);
  if (!producer || scope.index.outputs.has(input) || scope.index.inputs.has(input)) {
    return {
      how: 'blocked',
      message: `"${output}" is a graph output and "${input}" is not a value a node of this graph alone makes (a graph input or output, an initializer or an outer value), so the node stays to keep the output's name.`,
    };
  }
  return { how: 'rename-producer', input, output, producer };
}

/**
 * Applies a plan and removes the node. Returns the scope to use from now on: re-indexed when a
 * producer was renamed (the old index would name the old value).
 */
export function applyBypass(scope: GraphScope, node: NodeProto, plan: BypassPlan): GraphScope {
  if (plan.how === 'blocked') return scope;
  removeGraphNodes(scope.graph, new Set([node]));
  if (plan.how === 'readers') {
    renameReads(scope.graph, plan.output, plan.input);
    return scope;
  }
  renameProducedValue(scope.graph, plan.producer, plan.input, plan.output);
  return reindex(scope);
}

export function reindex(scope: GraphScope): GraphScope {
  return { ...scope, index: indexGraph(scope.graph), capturedByChildren: capturedNames(scope.graph) };
}
