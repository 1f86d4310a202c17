/**
 * The typed messages between the page and the model worker. Only plain data crosses: bytes travel
 * as transferred ArrayBuffers, everything else as plain objects.
 */
import type { FusionCandidate } from '../fusion/index.ts';
import type { GraphView } from '../layout/index.ts';
import type { ModelSummary } from '../onnx/index.ts';

/** What a long request is doing now, in order: the page shows it while the model opens. */
export type ProgressStage = 'parsing' | 'finding candidates' | 'laying out' | 'fusing';

export interface FileBytes {
  name: string;
  bytes: ArrayBuffer;
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
  /** Candidate ids applied at each step up to the current one: replaying them rebuilds this state. */
  steps: string[][];
  /** Side files the model names that were not supplied with it. */
  missingSideFiles: string[];
  /** How long the last action's stages took in the worker, in milliseconds. */
  timings: Partial<Record<'parse' | 'fuse' | 'find' | 'layout', number>>;
}

export interface TensorStats {
  dtype: string;
  dims: number[];
  count: number;
  min?: number;
  max?: number;
  mean?: number;
  /** Why no statistics: not a float tensor, in a missing side file, or damaged. */
  note?: string;
}

export interface NodeDetails {
  id: string;
  op: string;
  name: string;
  domain: string;
  docString: string;
  attributes: { name: string; value: string }[];
  inputs: { name: string; type: string; tensor?: TensorStats }[];
  outputs: { name: string; type: string }[];
}

export type WorkerRequest = { id: number } & (
  | { kind: 'load'; model: FileBytes; sideFiles: FileBytes[] }
  | { kind: 'replay'; model: FileBytes; sideFiles: FileBytes[]; steps: string[][] }
  | { kind: 'fuse'; ids: string[] }
  | { kind: 'fuseAll' }
  | { kind: 'undo' }
  | { kind: 'redo' }
  | { kind: 'download' }
  | { kind: 'details'; nodeId: string }
  | { kind: 'toggleGroup'; groupId: string }
  | { kind: 'reveal'; nodeId: string }
  | { kind: 'drawAll' }
);

export type WorkerResponse = { id: number } & (
  | { kind: 'snapshot'; snapshot: ModelSnapshot }
  | { kind: 'files'; files: FileBytes[] }
  | { kind: 'details'; details: NodeDetails | undefined }
  | { kind: 'progress'; stage: ProgressStage }
  | { kind: 'error'; code: string; message: string }
);

/** The response kind that answers each request kind. */
export interface ResponseFor {
  load: Extract<WorkerResponse, { kind: 'snapshot' }>;
  replay: Extract<WorkerResponse, { kind: 'snapshot' }>;
  fuse: Extract<WorkerResponse, { kind: 'snapshot' }>;
  fuseAll: Extract<WorkerResponse, { kind: 'snapshot' }>;
  undo: Extract<WorkerResponse, { kind: 'snapshot' }>;
  redo: Extract<WorkerResponse, { kind: 'snapshot' }>;
  download: Extract<WorkerResponse, { kind: 'files' }>;
  details: Extract<WorkerResponse, { kind: 'details' }>;
  toggleGroup: Extract<WorkerResponse, { kind: 'snapshot' }>;
  reveal: Extract<WorkerResponse, { kind: 'snapshot' }>;
  drawAll: Extract<WorkerResponse, { kind: 'snapshot' }>;
}

export type RequestKind = WorkerRequest['kind'];

/** The fields of a request of kind K besides its id and kind. */
export type RequestFields<K extends RequestKind> = Omit<Extract<WorkerRequest, { kind: K }>, 'id' | 'kind'>;
