import type { GraphScope } from '../fusion/scope.ts';
import type { SideFiles } from '../onnx/index.ts';
import type { ModelProto } from '../onnx/types.ts';
import type { RoundShapes } from './round-shapes.ts';

/**
 * The optimizer's plain-data vocabulary. Everything here crosses threads (the worker) and goes
 * into JSON (the CLI) as it is: no classes, no functions except on `Pass` itself.
 */

/** What sort of change a pass makes (onnxoptimizer's pass kinds, plus BN-style folds). */
export type PassKind =
  /** Constant storage: Constant nodes, duplicate and unused initializers. No output bit changes. */
  | 'constants'
  /** A node that passes its input through unchanged goes. No output bit changes. */
  | 'no-op'
  /** Consecutive nodes of one op become one (or none). No output bit changes. */
  | 'chain'
  /** Nodes no graph output depends on go. No output bit changes. */
  | 'dead-code'
  /** Nodes computing what another already computes go (common subexpressions). No bit changes. */
  | 'duplicate'
  /** Two nodes become one whose arithmetic differs in rounding only (within verify's tolerances). */
  | 'fusion'
  /** The Conv/BN-family folds of src/fusion (weights rewritten; within verify's tolerances). */
  | 'fold'
  /** Nodes whose inputs are all constant are evaluated (src/optimize/evaluate). */
  | 'constant-fold';

/**
 * Why a candidate is not applied. Stable codes: the UI, the CLI and tests use them. The fold
 * pass passes src/fusion's codes through unchanged (they are strings of the same kind).
 */
export type OptimizeBlockReason =
  /** The value is a graph output (or input) whose name must stay, and no other node can take it. */
  | 'GRAPH_OUTPUT'
  /** An operand that must be a constant is computed at run time. */
  | 'NOT_CONSTANT'
  /** An initializer that is also a graph input of an IR >= 4 model: a caller may replace it. */
  | 'OVERRIDABLE_INITIALIZER'
  | 'EXTERNAL_DATA_MISSING'
  /** The node may run in training mode (Dropout's training_mode is not a constant false). */
  | 'TRAINING_MODE'
  /** A second output (Dropout's mask, say) is read. */
  | 'EXTRA_OUTPUTS'
  /** The rank or shape the rewrite depends on is not known (no value_info, no shape inference). */
  | 'SHAPE_UNKNOWN'
  /** Shapes are known but the rewrite would not be exact for them. */
  | 'SHAPE_MISMATCH'
  | 'DTYPE'
  | 'BROADCAST'
  /** Padding the fused node cannot express exactly (non-zero value, negative, non-spatial axes…). */
  | 'PADDING'
  /** An attribute of the fused node rules the rewrite out (auto_pad, ceil_mode, count_include_pad…). */
  | 'ATTRIBUTE'
  /** A value read by more than the node being rewritten. */
  | 'OUTPUT_SHARED'
  /** Stored data that does not match its declared type and dims. */
  | 'DAMAGED_WEIGHTS'
  /** A fusion-engine reason passed through by the fold pass. */
  | (string & {});

export interface OptimizeBlocked {
  reason: OptimizeBlockReason;
  /** A sentence naming the values involved. Model text: show it as text, never as HTML. */
  message: string;
}

/** A place where a pass could change the model, and whether it can. Plain data. */
export interface OptimizeCandidate {
  /**
   * Stable across rounds and changes elsewhere: `${pass}:${anchor}` in the main graph,
   * `${pass}:${graphPath}:${anchor}` in a subgraph; the anchor is the value the candidate is
   * about (the removed node's output, the kept initializer's name…).
   */
  id: string;
  pass: PassName;
  kind: PassKind;
  graphPath: string;
  /** The node (or initializer) the candidate is about, and its op ("initializer" for tensors). */
  node: string;
  op: string;
  /** A short phrase saying what applying it does, e.g. "Identity removed". */
  action: string;
  status: 'applicable' | 'blocked';
  blocked?: OptimizeBlocked;
}

/**
 * A candidate the optimizer left as it was, flattened for a list: what it is about and, when it
 * was blocked, the reason code and sentence ("not applied" otherwise). Model text: show it as
 * text, never as HTML.
 */
export type LeftCandidate = Pick<OptimizeCandidate, 'id' | 'pass' | 'node' | 'op' | 'action'> & {
  reason: string;
  message: string;
};

/** The registry's names: stable, used by `--passes`/`--skip` and the page. */
export type PassName =
  | 'constants'
  | 'constant-fold'
  | 'shape-fold'
  | 'no-ops'
  | 'chains'
  | 'dead-code'
  | 'duplicates'
  | 'pad-into-conv'
  | 'matmul-add-to-gemm'
  | 'gemm-affine'
  | 'conv-bn-folds'
  | (string & {});

export interface OptimizeOptions {
  /** Run only these passes (in registry order, whatever order they are given in). Default: all. */
  passes?: readonly PassName[];
  /** Leave these passes out. */
  skip?: readonly PassName[];
  /** Apply only the candidates with these ids (as a previous run listed them). Default: all. */
  only?: readonly string[];
  /** Side files for external-data tensors, by location. */
  sideFiles?: SideFiles;
  /**
   * Treat initializers that are also graph inputs (IR >= 4) as constants. Off by default: a
   * caller may feed another value for such an input.
   */
  inputInitializersAreConstant?: boolean;
  /**
   * The caller never uses the input model, or the bytes it was decoded from, again (the CLI):
   * the folds may rewrite a weight only the folded node reads where it is stored, as `bnfold fuse`
   * does (FusionOptions.overwriteInput). Off by default: the page keeps the input for undo.
   */
  overwriteInput?: boolean;
}

/** What one pass did over the whole run. */
export interface PassRecord {
  pass: PassName;
  kind: PassKind;
  title: string;
  /** Ids of the candidates applied, in the order they were applied. */
  applied: string[];
  /** Nodes in all graphs before minus after, summed over this pass's runs (negative if it adds). */
  nodesRemoved: number;
  initializersRemoved: number;
}

export interface OptimizeRecord {
  /** One entry per selected pass, in the order they run. */
  passes: PassRecord[];
  /** Rounds run until nothing changed (at most MAX_ROUNDS). */
  rounds: number;
  /** True when the last round still changed something: the bound stopped the run, not the fixed point. */
  hitRoundLimit: boolean;
}

export interface OptimizeResult {
  /** A new model; the input model is never changed (the page keeps it for undo). */
  model: ModelProto;
  record: OptimizeRecord;
  /** The optimized model's candidates that were not applied: blocked ones, with their reasons. */
  candidates: OptimizeCandidate[];
  /** Side files after the folds, when folded weights were appended to them. */
  sideFiles: Map<string, Uint8Array>;
}

/**
 * What a pass is given. `model` is the optimizer's own copy: a pass may change it in place, with
 * one rule from src/onnx/clone.ts: arrays of strings or numbers (node inputs, dims, float_data)
 * and bytes are shared with the caller's model, so replace them, never change them in place.
 */
export interface PassContext {
  model: ModelProto;
  /** Every graph of `model` (main first, then If/Loop/Scan bodies), indexed as it is now. */
  scopes: readonly GraphScope[];
  options: OptimizeOptions;
  /** Side files, appended to by passes that write new weights into them. */
  sideFiles: Map<string, Uint8Array>;
  irVersion: number;
  /** The default-domain opset the model imports (1 when it names none). */
  opset: number;
  /** False when `options.only` rules the candidate out: the pass reports it but leaves it. */
  wanted(id: string): boolean;
  /**
   * Shape inference over the model, run at most once per round (when a pass first asks) and
   * shared by the passes after it: read it through values.ts or roundShapeOf, which check that
   * a value is still the one inference saw.
   */
  shapes(): RoundShapes;
}

/** What one run of a pass returns. */
export interface PassOutcome {
  /** The model after the pass: `ctx.model` changed in place, or a new one (the fold pass). */
  model: ModelProto;
  /** Every candidate the pass saw: applied ones are in `applied`, the others here with `blocked`. */
  candidates: OptimizeCandidate[];
  /** Ids applied in this run, in order. */
  applied: string[];
}

/**
 * One optimization, as the registry lists it. `run` finds its candidates in every graph of
 * `ctx.model` and applies the applicable (and wanted) ones; the optimizer re-indexes the model
 * between passes and repeats all passes until a round changes nothing.
 *
 * A pass must be exact in its kind's sense (see PassKind), must never remove or rename a graph
 * input or output of the main graph, and must treat a name read by a nested subgraph (an
 * outer-scope capture) as read.
 */
export interface Pass {
  name: PassName;
  kind: PassKind;
  /** One line for --help and the page. */
  title: string;
  run(ctx: PassContext): PassOutcome;
}
