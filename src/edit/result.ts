import type { FusionResult } from '../fusion/index.ts';
import type { ModelProto } from '../onnx/types.ts';
import type { OptimizeResult } from '../optimize/index.ts';

/** Side files of external-data tensors, by location (as src/onnx's SideFiles). */
export type EditSideFiles = ReadonlyMap<string, Uint8Array>;

/**
 * Files an edit reads besides the model: a recipe's `.npy` files, keyed by the path exactly as the
 * op names it (`set-initializer`'s `npy`). The CLI reads them relative to the recipe; the page
 * keeps the bytes the user picked beside its history.
 */
export interface EditResources {
  files?: ReadonlyMap<string, Uint8Array>;
}

/** What an edit changed, for highlighting: nodes by reference (name or `#index`) and value names, in the new model. */
export interface EditChanges {
  nodes: string[];
  values: string[];
}

/** An applied edit. The input model is never changed; `model` shares what the edit left alone. */
export interface EditResult {
  model: ModelProto;
  sideFiles: Map<string, Uint8Array>;
  /** One line saying what was done, with this model's names ("Deleted node "fc" (Gemm) and 2 downstream"). */
  description: string;
  changed: EditChanges;
  /** For `fuse` and `fuse-all`: the fusion engine's own result (what the page lists as fused pairs). */
  fusion?: FusionResult;
  /** For `optimize`: the optimizer's own result (its per-pass record and what it left). */
  optimized?: OptimizeResult;
}

/** What an op's handler is given: the model to edit (never changed in place) and its files. */
export interface EditContext {
  model: ModelProto;
  sideFiles: EditSideFiles;
  resources: EditResources;
}

/** A handler's result; side files are the input's unless the op changed them. */
export type EditOutcome = Omit<EditResult, 'sideFiles'> & { sideFiles?: Map<string, Uint8Array> };
