/**
 * The typed messages between the page and the model worker. Only plain data crosses: files travel
 * as Blobs (read by the worker itself) or transferred ArrayBuffers, everything else as plain
 * objects.
 */
import type { EditOp } from '../edit/types.ts';
import type { FusedPair, FusionCandidate } from '../fusion/index.ts';

export type { FusedPair };

import type { GraphView } from '../layout/index.ts';
import type { ModelSummary } from '../onnx/index.ts';
import type { NodeDetails } from '../view/index.ts';
import type { DiffAnswer } from './diff-answer.ts';
import type { EditChanges, HistoryStep, LeftCandidate, OptimizeSummary, PassInfo, StepRecord } from './steps.ts';

export type { NodeDetails, TensorStats } from '../view/index.ts';
export type { DiffAnswer } from './diff-answer.ts';
export type * from './steps.ts';

/** What a long request is doing now, in order: the page shows it while the model opens. */
export type ProgressStage =
  | 'reading'
  | 'parsing'
  | 'finding candidates'
  | 'laying out'
  | 'fusing'
  | 'optimizing'
  | 'editing';

export interface FileBytes {
  name: string;
  bytes: ArrayBuffer;
}

/**
 * A file as a Blob. Opened files go to the worker this way and the worker reads them: the page
 * never holds their bytes, and Chromium cannot post a buffer of more than 2 GB. Files to save
 * come back this way: the bytes go to the browser's blob storage once, rather than being copied
 * into a buffer to transfer and again into a Blob on the page.
 */
export interface FileBlob {
  name: string;
  blob: Blob;
}

/**
 * A folder the user picked: a FileSystemDirectoryHandle, which posts to the worker as a structured
 * clone. Declared by its shape so that the protocol also compiles without the DOM's types (the
 * Node tests import it).
 */
export interface FolderHandle {
  readonly kind: 'directory';
  readonly name: string;
}

/** A file written into a folder the user picked. */
export interface SavedFileInfo {
  name: string;
  bytes: number;
  /** A file of that name was there and has been replaced. */
  replaced: boolean;
}

export interface Counts {
  fusible: number;
  blocked: number;
  fused: number;
}

/** Everything the page shows about the current model. */
export interface ModelSnapshot {
  name: string;
  byteLength: number;
  summary: ModelSummary;
  candidates: FusionCandidate[];
  counts: Counts;
  view: GraphView;
  canUndo: boolean;
  canRedo: boolean;
  /** The edits from the opened model to the current step: replaying them rebuilds this state. */
  steps: StepRecord[];
  /** Side files the model names that were not supplied with it. */
  missingSideFiles: string[];
  /** How long the last action's stages took in the worker, in milliseconds. */
  timings: Partial<Record<'parse' | 'fuse' | 'optimize' | 'edit' | 'find' | 'shapes' | 'layout', number>>;
  /** Every pair fused up to the current step, oldest first: the candidate list keeps showing them. */
  fusedPairs: FusedPair[];
  /** The optimizer's passes, in the order they run: the page offers each to turn off. */
  passes: PassInfo[];
  /** What the current step did, when it is an optimize step. */
  optimized?: OptimizeSummary;
  /**
   * Every step of the history with a one-line description, those undone too (they stay to redo);
   * `steps` is `history.slice(0, current)` as ops.
   */
  history: HistoryStep[];
  /** How many history steps are applied (0: the model as opened). */
  current: number;
  /** What the last edit changed (nodes by name or `#index`, values by name), until the user moves in the history. */
  changed?: EditChanges;
}

/** A pair folded at some step: which node was kept, which was folded into it. */

type Requests<F> =
  | { kind: 'load'; model: F; sideFiles: F[] }
  /** `files`: the .npy files set-initializer steps read, by the names the steps give them. */
  | { kind: 'replay'; model: F; sideFiles: F[]; steps: StepRecord[]; files?: FileBytes[] }
  /** Any edit op as one step (src/edit); `files`: the .npy file a set-initializer op names. */
  | { kind: 'edit'; op: EditOp; files?: FileBytes[] }
  /** A recipe's steps, each a step of the history; all or nothing. */
  | { kind: 'applyRecipe'; steps: EditOp[]; files?: FileBytes[] }
  /** Shows the model as it was after history step `step` (0: as opened), keeping later steps to redo. */
  | { kind: 'goTo'; step: number }
  /** A main-graph initializer of the current model as a .npy file (np.save's bytes). */
  | { kind: 'initializerNpy'; name: string }
  | { kind: 'fuse'; ids: string[] }
  | { kind: 'fuseAll' }
  /** Runs the optimizer on the current model as one step: these passes, or all of them. */
  | { kind: 'optimize'; passes?: string[]; only?: string[] }
  /** What the optimizer would change in the current model (see optimizerPreview). */
  | { kind: 'optimizerCandidates' }
  | { kind: 'undo' }
  | { kind: 'redo' }
  /**
   * The files to save, as Blobs. With `toDisk`, staged on disk for the browser's download (see
   * stage-download.ts); without it, in memory, as Compare reads them at once.
   */
  | { kind: 'download'; toDisk?: boolean }
  | { kind: 'saveToFolder'; folder: FolderHandle }
  | { kind: 'details'; nodeId: string }
  | { kind: 'toggleGroup'; groupId: string }
  | { kind: 'reveal'; nodeId: string }
  | { kind: 'drawAll' }
  /** Lays the current graph out again from scratch, closing the gaps fusions left (positions only). */
  | { kind: 'tidy' }
  /** What changed from the opened model to the current one, with the opened model's view (see diff-answer.ts). */
  | { kind: 'diff' };

/** A request as the page posts it: files as Blobs (or bytes). */
export type WorkerRequest = { id: number } & Requests<FileBlob | FileBytes>;

/** A request as the handlers take it, once the worker has read the files. */
export type ReadyRequest = { id: number } & Requests<FileBytes>;

/** The requests answered at once, without waiting on the browser (all but writing to a folder). */
export type SyncRequest = Exclude<ReadyRequest, { kind: 'saveToFolder' }>;

export type WorkerResponse = { id: number } & (
  | { kind: 'snapshot'; snapshot: ModelSnapshot }
  | { kind: 'files'; files: FileBlob[] }
  | { kind: 'saved'; files: SavedFileInfo[] }
  | { kind: 'details'; details: NodeDetails | undefined }
  | { kind: 'optimizerCandidates'; candidates: LeftCandidate[] }
  | ({ kind: 'diff' } & DiffAnswer)
  | { kind: 'progress'; stage: ProgressStage }
  | { kind: 'error'; code: string; message: string }
);

/** The response kind that answers each request kind. */
export interface ResponseFor {
  load: Extract<WorkerResponse, { kind: 'snapshot' }>;
  replay: Extract<WorkerResponse, { kind: 'snapshot' }>;
  edit: Extract<WorkerResponse, { kind: 'snapshot' }>;
  applyRecipe: Extract<WorkerResponse, { kind: 'snapshot' }>;
  goTo: Extract<WorkerResponse, { kind: 'snapshot' }>;
  initializerNpy: Extract<WorkerResponse, { kind: 'files' }>;
  fuse: Extract<WorkerResponse, { kind: 'snapshot' }>;
  fuseAll: Extract<WorkerResponse, { kind: 'snapshot' }>;
  optimize: Extract<WorkerResponse, { kind: 'snapshot' }>;
  optimizerCandidates: Extract<WorkerResponse, { kind: 'optimizerCandidates' }>;
  undo: Extract<WorkerResponse, { kind: 'snapshot' }>;
  redo: Extract<WorkerResponse, { kind: 'snapshot' }>;
  download: Extract<WorkerResponse, { kind: 'files' }>;
  saveToFolder: Extract<WorkerResponse, { kind: 'saved' }>;
  details: Extract<WorkerResponse, { kind: 'details' }>;
  toggleGroup: Extract<WorkerResponse, { kind: 'snapshot' }>;
  reveal: Extract<WorkerResponse, { kind: 'snapshot' }>;
  drawAll: Extract<WorkerResponse, { kind: 'snapshot' }>;
  tidy: Extract<WorkerResponse, { kind: 'snapshot' }>;
  diff: Extract<WorkerResponse, { kind: 'diff' }>;
}

export type RequestKind = WorkerRequest['kind'];

/** The fields of a request of kind K besides its id and kind. */
export type RequestFields<K extends RequestKind> = Omit<Extract<WorkerRequest, { kind: K }>, 'id' | 'kind'>;
