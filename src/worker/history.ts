import type { EditOp } from '../edit/index.ts';
import type { StepFold } from '../fusion/index.ts';
import { OnnxError } from '../onnx/index.ts';
import type { FusedPair } from './protocol.ts';

/** What the history needs of a step: the edit that made it and the folds it applied. */
export interface HistoryStep {
  /** The edit that led here from the step before (none for the opened model): what a replay runs. */
  record?: EditOp;
  /** The Conv/BN-family folds this step applied (an optimize step's fold pass included). */
  applied: StepFold[];
  /** One line saying what the step did, with the model's names (the edit history lists it). */
  description: string;
}

/** A point to come back to when a run of edits (a recipe) is refused part way. */
export interface HistoryMark<S> {
  steps: S[];
  current: number;
}

/**
 * The list of steps from the opened model, and where the user is in it. Undo and redo move along
 * the list; a new step drops the steps after the current one (the redo branch).
 */
export class History<S extends HistoryStep> {
  private readonly steps: S[];
  private at = 0;

  constructor(opened: S) {
    this.steps = [opened];
  }

  get current(): S {
    return this.steps[this.at] as S;
  }

  get opened(): S {
    return this.steps[0] as S;
  }

  get position(): number {
    return this.at;
  }

  get canUndo(): boolean {
    return this.at > 0;
  }

  get canRedo(): boolean {
    return this.at < this.steps.length - 1;
  }

  push(step: S): void {
    this.steps.length = this.at + 1;
    this.steps.push(step);
    this.at++;
  }

  undo(): void {
    if (this.at > 0) this.at--;
  }

  redo(): void {
    if (this.at < this.steps.length - 1) this.at++;
  }

  /** Moves to step `step` (0: as opened); later steps stay to redo. */
  goTo(step: number): void {
    if (!Number.isSafeInteger(step) || step < 0 || step >= this.steps.length) {
      throw new OnnxError(
        'EDIT_INVALID',
        `There is no history step ${step}: the history has ${this.steps.length - 1} steps.`,
      );
    }
    this.at = step;
  }

  mark(): HistoryMark<S> {
    return { steps: [...this.steps], current: this.at };
  }

  restore(mark: HistoryMark<S>): void {
    this.steps.splice(0, this.steps.length, ...mark.steps);
    this.at = mark.current;
  }

  /** The edits from the opened model to the current step. */
  records(): EditOp[] {
    return this.steps.slice(1, this.at + 1).flatMap((s) => (s.record ? [s.record] : []));
  }

  /** Every step after the opened model, those undone too (they stay to redo), in words. */
  described(): { op: EditOp; description: string }[] {
    return this.steps.slice(1).map((s) => ({ op: s.record as EditOp, description: s.description }));
  }

  /** The folds of every step up to the current one. */
  appliedSoFar(): StepFold[] {
    return this.steps.slice(1, this.at + 1).flatMap((s) => s.applied);
  }

  /** What was folded at each step up to the current one, for the candidate list's "Fused" section. */
  fusedPairs(): FusedPair[] {
    return this.steps.slice(1, this.at + 1).flatMap((s, i) =>
      s.applied.map((a) => ({
        id: a.id,
        kind: a.kind,
        graphPath: a.graphPath,
        keptNode: a.keptNode,
        keptOp: a.keptOp,
        foldedNode: a.foldedNode,
        foldedOp: a.foldedOp,
        step: i + 1,
      })),
    );
  }
}
