import type { EditChanges } from '../edit/result.ts';
import type { EditOp } from '../edit/types.ts';
import type { LeftCandidate } from '../optimize/types.ts';

export type { LeftCandidate };

/**
 * One step of the undoable history, as plain data: an edit op (src/edit/types.ts). Replaying the
 * list from the opened model (with the same side files and .npy files) rebuilds the same model,
 * byte for byte: crash recovery does so, the page compares lists to know whether the current
 * state was saved, and exported as a recipe `bnfold edit` applies it. "Fuse all" is recorded as
 * the `fuse` of the ids it folded, and an optimizer run with the passes it ran.
 */
export type StepRecord = EditOp;

/** A history step as the page lists it: the op and one line saying what it did. */
export interface HistoryStep {
  op: EditOp;
  description: string;
}

export type { EditChanges };

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
