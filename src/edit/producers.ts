import type { GraphProto } from '../onnx/types.ts';
import { nodeRef } from './refs.ts';

/** References of the main-graph nodes that write any of `values`. */
export function producerRefs(graph: GraphProto, values: readonly string[]): string[] {
  const wanted = new Set(values);
  return (graph.node ?? []).flatMap((n, i) => ((n.output ?? []).some((o) => wanted.has(o)) ? [nodeRef(graph, i)] : []));
}
