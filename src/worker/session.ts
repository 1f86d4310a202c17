import { applyEdit, type EditChanges, type EditOp, initializerNpy, stepLabel, validateOp } from '../edit/index.ts';
import { applyAll, applyFusions, type FusionResult, type StepFold } from '../fusion/index.ts';
import { buildFullGraph, type GraphView, type NestedLayout, nestedLayoutOf } from '../layout/index.ts';
import {
  checkGraphs,
  decodeModel,
  filesToSave,
  isOnnxError,
  OnnxError,
  type SavedFile,
  SINGLE_FILE_LIMIT,
} from '../onnx/index.ts';
import type { ModelProto } from '../onnx/types.ts';
import { marksFor, type NodeDetails, nodeDetails, type StepGraph, tidied, ViewState } from '../view/index.ts';
import { type DiffAnswer, diffAnswer } from './diff-answer.ts';
import { History } from './history.ts';
import { ModelFacts } from './model-facts.ts';
import { optimizerPasses, optimizeStep } from './optimize-step.ts';
import type { FileBytes, ModelSnapshot, ProgressStage } from './protocol.ts';
import { savedModelName } from './save-files.ts';
import { fusedStep, type NewStep, NO_CHANGES, NOTHING_LEFT, optimizedStep, type Step } from './step-content.ts';
import type { LeftCandidate, StepRecord } from './steps.ts';
import { fuseAllWeightBytes, WeightArena } from './weight-arena.ts';

export { AUTO_LAYOUT_LIMIT, OPEN_COLLAPSED_ABOVE } from '../view/index.ts';

type Progress = (stage: ProgressStage) => void;

const ignore: Progress = () => {};

/**
 * One loaded model and its history of fusions and optimizer runs, inside the worker. Each step
 * makes a new model (sharing unchanged weights with the previous one), so undo and redo just move
 * along the list.
 */
export class ModelSession {
  /** Set by `open`, which lays the opened model out with this session's view state first. */
  private history!: History<Step>;
  private timings: ModelSnapshot['timings'] = {};
  private readonly facts = new ModelFacts();
  /** What the last edit changed, until the user moves in the history (undo, redo, a history step). */
  private lastChanged: EditChanges | undefined;
  /** Memory set aside for the current step's "Fuse all" (see WeightArena), and for which model. */
  private arena: { model: ModelProto; arena: WeightArena } | undefined;

  private constructor(
    readonly name: string,
    private readonly byteLength: number,
    private readonly viewState: ViewState,
  ) {}

  static open(model: FileBytes, sideFiles: FileBytes[], progress: Progress = ignore): ModelSession {
    const bytes = new Uint8Array(model.bytes);
    progress('parsing');
    const started = performance.now();
    const decoded = decodeModel(bytes);
    // A graph with a cycle, a value read but never written, or one written twice cannot run, and
    // fusing it could rewrite the wrong node: refuse it with the rule it breaks.
    checkGraphs(decoded);
    const names = (decoded.graph?.node ?? []).map((n) => n.name ?? '');
    const session = new ModelSession(model.name, bytes.length, new ViewState(names));
    session.timings = { parse: performance.now() - started };
    const files = new Map(sideFiles.map((f) => [baseName(f.name), new Uint8Array(f.bytes)]));
    const graph = session.graphOf(decoded, files, [], undefined, progress);
    session.history = new History<Step>({
      model: decoded,
      sideFiles: files,
      applied: [],
      description: `Opened ${model.name}`,
      changed: NO_CHANGES,
      graph,
      view: session.compose(graph, undefined),
    });
    return session;
  }

  /**
   * Rebuilds a session by re-applying recorded steps (after the worker was restarted).
   * @param files the .npy files the steps read, by the names the steps give them
   */
  static replay(
    model: FileBytes,
    sideFiles: FileBytes[],
    steps: readonly StepRecord[],
    progress: Progress = ignore,
    files: ReadonlyMap<string, Uint8Array> = new Map(),
  ): ModelSession {
    const session = ModelSession.open(model, sideFiles, progress);
    for (const step of steps) session.edit(step, files, progress);
    return session;
  }

  /**
   * Applies any edit op as one step: fusions and the optimizer through their own paths (they
   * report folds and summaries), every other op through the edit core (src/edit). The op comes
   * from a message, so it is checked first. A refused edit changes nothing.
   * @param files the .npy files a set-initializer step reads, by the name the op gives
   */
  edit(op: EditOp, files: ReadonlyMap<string, Uint8Array> = new Map(), progress: Progress = ignore): void {
    const checked = validateOp(op);
    switch (checked.op) {
      case 'fuse':
        this.fuse(checked.ids, progress);
        return;
      case 'fuse-all':
        this.fuseAll(progress);
        return;
      case 'optimize':
        this.optimize(checked.passes, progress, checked.only);
        return;
      default: {
        const { model, sideFiles } = this.step;
        progress('editing');
        const started = performance.now();
        const result = applyEdit(model, sideFiles, checked, { files });
        this.timings = { edit: performance.now() - started };
        this.pushStep(
          {
            model: result.model,
            sideFiles: result.sideFiles,
            record: checked,
            applied: [],
            description: result.description,
            changed: result.changed,
          },
          progress,
        );
      }
    }
  }

  /**
   * Applies a recipe's steps, each one step of the history (undo takes them back one by one). All
   * or nothing: a refused step puts the history back as it was and says "step N (op): reason".
   */
  applyRecipe(steps: readonly EditOp[], files: ReadonlyMap<string, Uint8Array>, progress: Progress = ignore): void {
    const before = { mark: this.history.mark(), changed: this.lastChanged };
    try {
      steps.forEach((op, i) => {
        try {
          this.edit(op, files, progress);
        } catch (error) {
          if (isOnnxError(error)) throw new OnnxError(error.code, `${stepLabel(i, op)}: ${error.message}`);
          throw error;
        }
      });
    } catch (error) {
      this.history.restore(before.mark);
      this.lastChanged = before.changed;
      this.refreshView();
      throw error;
    }
  }

  /** Shows the model as it was after history step `step` (0: as opened); later steps stay to redo. */
  goTo(step: number): void {
    this.history.goTo(step);
    this.timings = {};
    this.lastChanged = undefined;
    this.refreshView();
  }

  private get step(): Step {
    return this.history.current;
  }

  fuse(ids: readonly string[], progress: Progress = ignore): void {
    const { model, sideFiles } = this.step;
    progress('fusing');
    const started = performance.now();
    const result = applyFusions(model, ids, { sideFiles });
    this.timings = { fuse: performance.now() - started };
    this.push(result, progress);
  }

  fuseAll(progress: Progress = ignore): void {
    const { model, sideFiles } = this.step;
    // Fusing copies the whole model first; with nothing fusible that is wasted work (seconds on
    // a hostile file with millions of entries), so say so at once.
    if (!this.facts.candidates(model, sideFiles).some((c) => c.status === 'fusible')) {
      throw new OnnxError('NOTHING_TO_FUSE', NOTHING_LEFT);
    }
    progress('fusing');
    const started = performance.now();
    const arena = this.arena?.model === model ? this.arena.arena : undefined;
    const result = applyAll(model, { sideFiles, ...(arena ? { allocate: arena.allocate } : {}) });
    this.timings = { fuse: performance.now() - started };
    // Its memory now belongs to the fused weights; a later "Fuse all" gets an arena of its own.
    this.arena = undefined;
    this.push(result, progress);
  }

  /**
   * Work for the worker's idle time: sets memory aside for the current step's "Fuse all" and
   * returns a function that touches one slice of it per call (false once all is touched).
   * Undefined when there is nothing to do (nothing fusible, or an arena already prepared).
   */
  idleWork(): (() => boolean) | undefined {
    const { model, sideFiles } = this.step;
    if (this.arena?.model === model) return undefined;
    const bytes = fuseAllWeightBytes(model.graph ?? {}, this.facts.candidates(model, sideFiles));
    if (bytes === 0) return undefined;
    const arena = new WeightArena(bytes);
    this.arena = { model, arena };
    return () => this.arena?.arena === arena && arena.touchSlice();
  }

  /**
   * Runs the optimizer's passes (all when `passes` is undefined) to a fixed point on the current
   * model, as one step. Refused, changing nothing, when no pass finds anything to change.
   */
  optimize(passes: readonly string[] | undefined, progress: Progress = ignore, only?: readonly string[]): void {
    const { model, sideFiles } = this.step;
    progress('optimizing');
    const started = performance.now();
    const done = optimizeStep(model, sideFiles, passes, this.facts.candidates(model, sideFiles), only);
    this.timings = { optimize: performance.now() - started };
    this.pushStep(optimizedStep(done, only), progress);
  }

  /** What the optimizer's passes would change in the current model, one candidate at a time. */
  optimizerCandidates(progress: Progress = ignore): LeftCandidate[] {
    const { model, sideFiles } = this.step;
    progress('finding candidates');
    return this.facts.optimizerCandidates(model, sideFiles);
  }

  undo(): void {
    this.history.undo();
    this.timings = {};
    this.lastChanged = undefined;
    this.refreshView();
  }

  redo(): void {
    this.history.redo();
    this.timings = {};
    this.lastChanged = undefined;
    this.refreshView();
  }

  /** Opens a closed group, or closes an open one. */
  toggleGroup(groupId: string, progress: Progress = ignore): void {
    const { view, graph } = this.step;
    if (this.viewState.toggle(groupId, view, graph.layout)) this.refreshView(progress, true);
  }

  /** Lays out and draws a view past the auto-layout limit, at the user's request. */
  drawAll(progress: Progress = ignore): void {
    this.viewState.drawAll();
    this.refreshView(progress, true);
  }

  /**
   * Lays the current step out again, forgetting the places fusions kept (see tidied). Only the
   * picture changes, so it is no step to undo; the next fusion keeps these new places.
   */
  tidy(progress: Progress = ignore): void {
    this.step.graph = tidied(this.step.graph);
    this.refreshView(progress, true);
  }

  /** Opens every group around a node so that it is drawn. */
  reveal(nodeId: string, progress: Progress = ignore): void {
    if (this.viewState.reveal(nodeId, this.step.view)) this.refreshView(progress, true);
  }

  /**
   * Rebuilds the current step's view when the open groups changed since it was made: only the
   * groups opened for the first time are laid out; the rest comes from the step's cached layout.
   */
  private refreshView(progress: Progress = ignore, force = false): void {
    const step = this.step;
    if (!force && this.viewState.isCurrent(step.view, step.graph.layout)) return;
    progress('laying out');
    this.timings = {};
    step.view = this.compose(step.graph, undefined);
  }

  private push(result: FusionResult, progress: Progress): void {
    const next = fusedStep(result);
    // The fusion's last round searched the fused model already: its candidates are not searched again.
    this.facts.knowCandidates(result.model, result.candidates);
    this.pushStep(next, progress);
  }

  private pushStep(next: NewStep, progress: Progress): void {
    const applied = [...this.history.appliedSoFar(), ...next.applied];
    const before = this.step;
    const graph = this.graphOf(next.model, next.sideFiles, applied, before.graph.layout, progress);
    // A new action drops the redo branch.
    this.history.push({
      ...next,
      graph,
      // Keeps every node where it was: the picture does not jump under the user's cursor.
      view: this.compose(graph, before.view),
    });
    this.lastChanged = next.changed;
  }

  /** A step's graph with its candidates marked, and its per-group layout. */
  private graphOf(
    model: ModelProto,
    sideFiles: Map<string, Uint8Array>,
    applied: StepFold[],
    reuse: NestedLayout | undefined,
    progress: Progress,
  ): StepGraph {
    progress('finding candidates');
    let started = performance.now();
    const candidates = this.facts.candidates(model, sideFiles);
    this.timings.find = performance.now() - started;
    progress('laying out');
    started = performance.now();
    const inferred = this.facts.shapes(model);
    this.timings.shapes = performance.now() - started;
    started = performance.now();
    const full = buildFullGraph(model.graph ?? {}, marksFor(candidates, applied), inferred);
    const layout = nestedLayoutOf(full, reuse);
    this.timings.layout = performance.now() - started;
    return { full, layout };
  }

  private compose(graph: StepGraph, previous: GraphView | undefined): GraphView {
    const started = performance.now();
    const view = this.viewState.compose(graph, previous);
    this.timings.layout = (this.timings.layout ?? 0) + performance.now() - started;
    return view;
  }

  snapshot(): ModelSnapshot {
    const { model, sideFiles, view } = this.step;
    const candidates = this.facts.candidates(model, sideFiles);
    const fusible = candidates.filter((c) => c.status === 'fusible').length;
    return {
      name: this.name,
      byteLength: this.byteLength,
      summary: this.facts.summary(model),
      candidates,
      counts: { fusible, blocked: candidates.length - fusible, fused: this.history.appliedSoFar().length },
      view,
      canUndo: this.history.canUndo,
      canRedo: this.history.canRedo,
      steps: this.history.records(),
      missingSideFiles: this.facts.sideFilesNeeded(model).filter((f) => !sideFiles.has(f)),
      timings: this.timings,
      fusedPairs: this.history.fusedPairs(),
      passes: optimizerPasses(),
      history: this.history.described(),
      current: this.history.position,
      ...(this.lastChanged ? { changed: this.lastChanged } : {}),
      ...(this.step.optimized ? { optimized: this.step.optimized } : {}),
    };
  }

  details(nodeId: string): NodeDetails | undefined {
    // From the whole graph: the node may be inside a closed group, or the view withheld.
    const node = this.step.graph.full.nodes.find((n) => n.id === nodeId);
    if (!node || node.index === undefined) return undefined;
    return nodeDetails(this.step.model.graph ?? {}, node.index, nodeId, this.step.sideFiles);
  }

  /** A main-graph initializer of the current model as .npy bytes ("Save as .npy"). */
  initializerNpy(name: string): Uint8Array {
    return initializerNpy(this.step.model, this.step.sideFiles, name);
  }

  /** What changed from the opened model to the current step, with the opened model laid out for the page. */
  diff(): DiffAnswer {
    return diffAnswer(this.history.opened, this.step, this.viewState);
  }

  /** The files to save (see filesToSave), under the opened name while nothing has changed. */
  download(singleFileLimit = SINGLE_FILE_LIMIT): SavedFile[] {
    const name = savedModelName(this.name, this.history.records());
    return filesToSave(name, this.step.model, this.step.sideFiles, singleFileLimit);
  }
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}
