import type { FullGraph, GraphView } from '../layout/index.ts';
import type { ModelProto } from '../onnx/types.ts';
import { diffModels, type GraphDiff } from '../view/graph-diff/index.ts';
import type { StepGraph, ViewState } from '../view/index.ts';

/** What the page's diff view draws: the opened model's view beside the current one, and what changed. */
export interface DiffAnswer {
  diff: GraphDiff;
  /** The opened model, with the groups open that are open in the current view. */
  original: GraphView;
  /**
   * Each side's view id of the main graph's node at each index (what GraphDiff names by index);
   * '' for nodes the view draws as chips (Constants).
   */
  ids: { original: string[]; current: string[] };
}

/** One step of the history as the diff needs it. */
export interface DiffSide {
  model: ModelProto;
  sideFiles: ReadonlyMap<string, Uint8Array>;
  graph: StepGraph;
}

/**
 * Diffs the opened model against the current one and lays the opened one out for the page. Its
 * layout is the one every later step reused (each step keeps the places of the step before), so
 * a node left as it was sits at the same place on both sides.
 */
export function diffAnswer(original: DiffSide, current: DiffSide, viewState: ViewState): DiffAnswer {
  const diff = diffModels(original.model, current.model, {
    sideFiles: { original: original.sideFiles, current: current.sideFiles },
  });
  return {
    diff,
    original: viewState.compose(original.graph, undefined),
    ids: { original: idsByIndex(original.graph.full), current: idsByIndex(current.graph.full) },
  };
}

function idsByIndex(full: FullGraph): string[] {
  const ids: string[] = [];
  for (const node of full.nodes) {
    if (node.index === undefined) continue;
    while (ids.length < node.index) ids.push('');
    ids[node.index] = node.id;
  }
  return ids;
}
