import type { Allocate } from '../onnx/index.ts';
/** What is folded into what. */
export type FusionKind =
  /** Conv or ConvTranspose followed by BatchNormalization: BN folds into the conv. */
  | 'conv-bn'
  /** Conv or ConvTranspose followed by a per-channel Mul or Add with a constant. */
  | 'conv-mul'
  | 'conv-add'
  /** BatchNormalization feeding an unpadded Conv: BN folds into the conv after it. */
  | 'bn-conv'
  /** Gemm, or MatMul with a constant 2-D weight, followed by BatchNormalization over its features. */
  | 'gemm-bn'
  | 'matmul-bn';

/** Why a candidate cannot be fused. Stable codes: the UI, the CLI and tests use them. */
export type BlockReason =
  | 'OUTPUT_SHARED'
  | 'NOT_CONSTANT'
  | 'OVERRIDABLE_INITIALIZER'
  | 'EXTERNAL_DATA_MISSING'
  | 'TRAINING_MODE'
  | 'EXTRA_OUTPUTS'
  | 'SPATIAL_MODE'
  | 'SHAPE_MISMATCH'
  | 'DTYPE'
  | 'BROADCAST'
  | 'PADDING'
  | 'UNKNOWN_RANK'
  | 'IN_FUNCTION'
  | 'INVALID_NODE'
  | 'DAMAGED_WEIGHTS';

export interface Blocked {
  reason: BlockReason;
  /** A sentence for the UI, naming the values involved. */
  message: string;
}

/** A place where a fusion could apply, and whether it can. Plain data. */
export interface FusionCandidate {
  /** Stable across finds and fusions elsewhere: kind, graph and the follower's output name. */
  id: string;
  kind: FusionKind;
  /** "main" or the path of the subgraph, e.g. "main/If_0.then_branch". */
  graphPath: string;
  /** The node that survives (Conv, ConvTranspose, Gemm, MatMul) and the one folded away. */
  keptNode: string;
  keptOp: string;
  foldedNode: string;
  foldedOp: string;
  /** The value the fused node will produce (the folded node's output). */
  output: string;
  status: 'fusible' | 'blocked';
  blocked?: Blocked;
}

export interface FusionOptions {
  /**
   * Treat initializers that are also graph inputs as constants. Off by default: in IR >= 4 a
   * caller may feed a different value for such an input, and a fused model would ignore it.
   */
  inputInitializersAreConstant?: boolean;
  /** Side files for external-data tensors, by location. */
  sideFiles?: ReadonlyMap<string, Uint8Array>;
  /**
   * The caller never uses the input model, or the bytes it was decoded from, again (the CLI,
   * which writes the result and exits): a weight in raw_data that only the folded node reads is
   * rewritten where it is stored instead of into new memory. Off by default: the page keeps the
   * input model for undo. The fused bytes are the same either way.
   */
  overwriteInput?: boolean;
  /**
   * Where rewritten weights' new bytes go (zeroed, of the given length). The page passes memory it
   * touched while idle, so that folding does not wait on the page faults of fresh memory; the
   * bytes written are the same either way. Default: new arrays.
   */
  allocate?: Allocate;
}

/** What one applied fusion changed: enough to show it, and to undo by keeping the previous model. */
export interface AppliedFusion {
  id: string;
  kind: FusionKind;
  graphPath: string;
  keptNode: string;
  foldedNode: string;
  /** The op types of the two nodes, as the candidate named them (the folded one is gone afterwards). */
  keptOp: string;
  foldedOp: string;
  /** The first output of the kept node before and after: it takes over the folded node's output. */
  keptOutputBefore: string;
  keptOutputAfter: string;
  addedInitializers: string[];
  removedInitializers: string[];
  removedNodes: string[];
}

/** An applied fusion as a history lists it: which pair, and the step (from 1) that fused it. */
export type FusedPair = Pick<
  AppliedFusion,
  'id' | 'kind' | 'graphPath' | 'keptNode' | 'keptOp' | 'foldedNode' | 'foldedOp'
> & {
  step: number;
};

export interface FusionRecord {
  applied: AppliedFusion[];
  /** Requested ids that were not applied, and why. */
  skipped: { id: string; reason: string }[];
}

/** What a step records of a fold: enough for the fused count, the fused list and the view's marks. */
export type StepFold = Pick<
  AppliedFusion,
  | 'id'
  | 'kind'
  | 'graphPath'
  | 'keptNode'
  | 'keptOp'
  | 'foldedNode'
  | 'foldedOp'
  | 'keptOutputBefore'
  | 'keptOutputAfter'
>;
