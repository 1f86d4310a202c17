import type { LeftCandidate } from '../optimize/types.ts';

export type { LeftCandidate };

/**
 * One step of the undoable history, as plain data. Replaying the list from the opened model
 * (with the same side files) rebuilds the same model, byte for byte: crash recovery does so, and
 * the page compares lists to know whether the current state was saved. Each member is an edit
 * the worker can apply deterministically; new edits (issue 15) join the union.
 */
export type StepRecord =
  /** Conv/BN-family fusions by candidate id, as "Fuse" or "Fuse all" applied them. */
  | { op: 'fuse'; ids: string[] }
  /**
   * The optimizer with these passes (registry names; they run in registry order); with `only`,
   * just these candidates (ids as the optimizer's preview or last run listed them).
   */
  | { op: 'optimize'; passes: string[]; only?: string[] };

export type StepOp = StepRecord['op'];

/** The pass list a page can offer: name (for requests), kind and a one-line title. */
export interface PassInfo {
  name: string;
  kind: string;
  title: string;
}

/** Model figures the optimize summary shows before and after. */
export interface ModelFigures {
  /** Nodes of the main graph, and of every graph (If/Loop/Scan bodies included). */
  nodes: number;
  totalNodes: number;
  parameters: number;
  /** The encoded model file (weights in side files are not counted). */
  bytes: number;
}

/** What one pass did in an optimize step. */
export interface PassOutcomeSummary {
  pass: string;
  title: string;
  kind: string;
  applied: number;
  /** Nodes and initializers removed (negative when the pass added some). */
  nodesRemoved: number;
  initializersRemoved: number;
}

/** What an optimize step did, for the page's summary. */
export interface OptimizeSummary {
  before: ModelFigures;
  after: ModelFigures;
  passes: PassOutcomeSummary[];
  rounds: number;
  /** The run stopped at the round limit rather than at a fixed point. */
  hitRoundLimit: boolean;
  /**
   * The optimizer's candidates in the optimized model that were not applied, with their reasons.
   * The Conv/BN folds are left out: the candidate list (and the status counts) have those.
   */
  left: LeftCandidate[];
}
