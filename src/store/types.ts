import type { EditOp } from '../edit/types.ts';
import type { FileBlob, ModelSnapshot, NodeDetails } from '../worker/protocol.ts';
import type { CompareNpySlice } from './compare-npy-slice.ts';
import type { CompareSlice } from './compare-types.ts';
import type { DiffSlice } from './diff-slice.ts';
import type { LayersSlice } from './layers-slice.ts';
import type { OptimizerSlice } from './optimizer-slice.ts';
import type { RecipeSlice } from './recipe-slice.ts';
import type { Source } from './source-files.ts';

export type { FusionCandidate } from '../fusion/index.ts';
export type { GraphView, ViewEdge, ViewNode } from '../layout/index.ts';
export type {
  Counts,
  FileBytes,
  LeftCandidate,
  ModelFigures,
  ModelSnapshot,
  NodeDetails,
  OptimizeSummary,
  TensorStats,
} from '../worker/protocol.ts';
export type * from './compare-types.ts';
export type * from './diff-slice.ts';

export interface AppError {
  code: string;
  message: string;
}

export interface ModelSlice {
  snapshot: ModelSnapshot | undefined;
  /** The file being read, while it is. */
  loading: string | undefined;
  /** What the worker is doing for the current model ("Fusing…"), while it is. */
  busy: string | undefined;
  error: AppError | undefined;
  /** The loaded files (as Blobs), to rebuild the session if the worker has to be restarted. */
  source: Source | undefined;
  /** The history point last downloaded or saved to a folder (see unsaved.ts), if any. */
  savedKey: string | undefined;
  loadFiles: (files: readonly File[]) => Promise<void>;
  loadSample: () => Promise<void>;
  /** Stops opening a file (the worker is replaced); the model that was open stays open. */
  cancelLoad: () => Promise<void>;
  dismissError: () => void;
}

export interface EditSlice {
  /**
   * Applies one edit op (src/edit/types.ts) as a step of the history. `files`: the .npy file a
   * set-initializer op reads (its `npy` is the file's name; the store renames it when an earlier
   * step read another file of that name). A refused edit shows its sentence as the page's error
   * and changes nothing.
   */
  applyEdit: (op: EditOp, files?: readonly File[]) => Promise<void>;
  /** Shows the model as it was after history step `step` (0: as opened); later steps stay to redo. */
  goToStep: (step: number) => Promise<void>;
  /** Downloads a main-graph initializer of the current model as `<name>.npy`. */
  saveInitializerNpy: (name: string) => Promise<void>;
  /** The .npy files the history's set-initializer steps read, by the names the steps give (see edit-files.ts). */
  editFiles: readonly FileBlob[];
  fuse: (ids: string[]) => Promise<void>;
  fuseAll: () => Promise<void>;
  /** Runs the optimizer's passes, less those turned off, on the current model as one step. */
  optimize: () => Promise<void>;
  /** Optimizer passes the user turned off, by name (see ModelSnapshot.passes). */
  passesOff: readonly string[];
  setPassOn: (name: string, on: boolean) => void;
  undo: () => Promise<void>;
  redo: () => Promise<void>;
  /** Downloads the files to save (several when the model needs side files). */
  download: () => Promise<void>;
  /** Writes the files to save into a folder the user picks (where the browser offers a picker). */
  saveToFolder: () => Promise<void>;
  /** What the last save did, when there is more to say than the browser shows. */
  notice: string | undefined;
  dismissNotice: () => void;
}

export interface SelectionSlice {
  /** The node the inspector shows: the one clicked last (of several, the primary). */
  selectedNode: string | undefined;
  /** Every selected node (shift-click, box select), the primary included; edits act on these. */
  selectedNodes: readonly string[];
  details: NodeDetails | undefined;
  /** A node to bring into view (search, candidate list); the canvas clears it once done. */
  focusRequest: { nodeId: string; serial: number } | undefined;
  /** Selects one node alone (or none), and reads its details for the inspector. */
  select: (nodeId: string | undefined) => Promise<void>;
  /** Selects several nodes; `primary` (else the first) is the one the inspector shows. */
  setSelection: (nodeIds: readonly string[], primary?: string) => Promise<void>;
  /** Any node's details, without selecting it (an edit on several nodes reads each one's outputs). */
  detailsOf: (nodeId: string) => Promise<NodeDetails | undefined>;
  /** Brings a node into view, opening the groups around it first when it is inside a closed one. */
  focusNode: (nodeId: string) => Promise<void>;
  toggleGroup: (groupId: string) => Promise<void>;
  /** Lays out and draws a graph past the auto-layout limit. */
  drawAll: () => Promise<void>;
  /** Lays the current graph out again, closing the gaps fusions left (the canvas keeps its place). */
  tidyLayout: () => Promise<void>;
}

export type AppState = ModelSlice &
  EditSlice &
  SelectionSlice &
  CompareSlice &
  OptimizerSlice &
  DiffSlice &
  LayersSlice &
  RecipeSlice &
  CompareNpySlice;
