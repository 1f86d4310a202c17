import type { ViewEdge } from '../../store/index.ts';

/** The values an `extract` op takes for a selection of nodes. */
export interface Extraction {
  inputs: string[];
  outputs: string[];
}

/**
 * What "Extract selection" cuts out: the values entering the selection from outside it (graph
 * inputs and values other nodes make) become the inputs; the values leaving it (read by a node
 * outside, or graph outputs made inside) become the outputs. Stored tensors (initializers and
 * Constant chips) are not edges and stay with the nodes that read them, as extract_model keeps
 * them. Edges to or from a closed group count as outside: its ops cannot be selected.
 */
export function extractionOf(selected: ReadonlySet<string>, edges: readonly ViewEdge[]): Extraction {
  const inputs = new Set<string>();
  const outputs = new Set<string>();
  for (const edge of edges) {
    const from = selected.has(edge.source);
    const to = selected.has(edge.target);
    if (to && !from) inputs.add(edge.value);
    else if (from && !to) outputs.add(edge.value);
  }
  return { inputs: [...inputs], outputs: [...outputs] };
}
