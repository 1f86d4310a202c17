import { isOnnxError, type SavedFile } from '../onnx/index.ts';
import type {
  FileBlob,
  FileBytes,
  FolderHandle,
  ProgressStage,
  ReadyRequest,
  SyncRequest,
  WorkerResponse,
} from './protocol.ts';
import { ModelSession } from './session.ts';

/** What the worker holds between requests: the session of the current model. */
export interface WorkerState {
  session?: ModelSession;
}

export interface HandlerResult {
  response: WorkerResponse;
  /** Buffers to transfer with the response rather than copy. */
  transfer: ArrayBuffer[];
}

type RequestOf<K extends SyncRequest['kind']> = Extract<SyncRequest, { kind: K }>;
type Progress = (stage: ProgressStage) => void;

/** The answer to each request kind, from the session the worker holds. */
const HANDLERS: {
  [K in SyncRequest['kind']]: (request: RequestOf<K>, state: WorkerState, progress: Progress) => HandlerResult;
} = {
  load: (r, state, progress) => {
    state.session = ModelSession.open(r.model, r.sideFiles, progress);
    return snapshot(r.id, state.session);
  },
  replay: (r, state, progress) => {
    state.session = ModelSession.replay(r.model, r.sideFiles, r.steps, progress, filesOf(r.files));
    return snapshot(r.id, state.session);
  },
  edit: (r, state, progress) => withSession(r.id, state, (s) => s.edit(r.op, filesOf(r.files), progress)),
  applyRecipe: (r, state, progress) =>
    withSession(r.id, state, (s) => s.applyRecipe(r.steps, filesOf(r.files), progress)),
  goTo: (r, state) => withSession(r.id, state, (s) => s.goTo(r.step)),
  initializerNpy: (r, state) => {
    if (!state.session) return noModel(r.id);
    const bytes = state.session.initializerNpy(r.name);
    return filesAnswer(r.id, [{ name: npyFileName(r.name), blob: new Blob([bytes as Uint8Array<ArrayBuffer>]) }]);
  },
  fuse: (r, state, progress) => withSession(r.id, state, (s) => s.fuse(r.ids, progress)),
  fuseAll: (r, state, progress) => withSession(r.id, state, (s) => s.fuseAll(progress)),
  optimize: (r, state, progress) => withSession(r.id, state, (s) => s.optimize(r.passes, progress, r.only)),
  optimizerCandidates: (r, state, progress) => {
    if (!state.session) return noModel(r.id);
    const candidates = state.session.optimizerCandidates(progress);
    return { response: { id: r.id, kind: 'optimizerCandidates', candidates }, transfer: [] };
  },
  undo: (r, state) => withSession(r.id, state, (s) => s.undo()),
  redo: (r, state) => withSession(r.id, state, (s) => s.redo()),
  download: (r, state) => {
    const prepared = filesToSaveOf(r.id, state, 'download');
    if ('failed' in prepared) return prepared.failed;
    return filesAnswer(r.id, blobsOf(prepared.files));
  },
  toggleGroup: (r, state, progress) => withSession(r.id, state, (s) => s.toggleGroup(r.groupId, progress)),
  reveal: (r, state, progress) => withSession(r.id, state, (s) => s.reveal(r.nodeId, progress)),
  drawAll: (r, state, progress) => withSession(r.id, state, (s) => s.drawAll(progress)),
  tidy: (r, state, progress) => withSession(r.id, state, (s) => s.tidy(progress)),
  details: (r, state) => {
    if (!state.session) return noModel(r.id);
    return { response: { id: r.id, kind: 'details', details: state.session.details(r.nodeId) }, transfer: [] };
  },
  diff: (r, state) => {
    if (!state.session) return noModel(r.id);
    return { response: { id: r.id, kind: 'diff', ...state.session.diff() }, transfer: [] };
  },
};

/**
 * What only a browser worker can do (write to a folder the user picked, stage a download on
 * disk): the worker entry passes it in, so the handlers stay callable from Vitest.
 */
export interface BrowserSaving {
  saveToFolder: (id: number, state: WorkerState, folder: FolderHandle) => Promise<HandlerResult>;
  downloadToDisk: (id: number, state: WorkerState) => Promise<HandlerResult>;
}

/** Every request, the browser-only ones included: what the worker entry calls. */
export function dispatch(
  request: ReadyRequest,
  state: WorkerState,
  progress: Progress,
  saving: BrowserSaving,
): HandlerResult | Promise<HandlerResult> {
  if (request.kind === 'saveToFolder') return saving.saveToFolder(request.id, state, request.folder);
  if (request.kind === 'download' && request.toDisk) return saving.downloadToDisk(request.id, state);
  return handleRequest(request, state, progress);
}

/**
 * Handles one request. Pure apart from `state`: Vitest calls it without a Worker. A request that
 * fails leaves `state` as it was, so a bad file or a failed fusion never loses the loaded model.
 */
export function handleRequest(request: SyncRequest, state: WorkerState, progress: Progress = () => {}): HandlerResult {
  try {
    const handler = HANDLERS[request.kind] as (r: SyncRequest, s: WorkerState, p: Progress) => HandlerResult;
    return handler(request, state, progress);
  } catch (error) {
    return { response: failure(request.id, request.kind, error), transfer: [] };
  }
}

/**
 * A failed request as the page's error: the core's typed errors as they are; a failed allocation
 * (a RangeError) as OUT_OF_MEMORY, which is recoverable: the session only ever changes once an
 * action has fully succeeded, so the model is exactly as it was.
 */
export function failure(id: number, kind: string, error: unknown): WorkerResponse {
  if (isOnnxError(error)) return { id, kind: 'error', code: error.code, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof RangeError && /allocat|array buffer|memory/i.test(message)) {
    return {
      id,
      kind: 'error',
      code: 'OUT_OF_MEMORY',
      message: `The model worker ran out of memory (${message}) while doing "${kind}"; nothing was changed.`,
    };
  }
  return { id, kind: 'error', code: 'INTERNAL', message: `Something went wrong in the model worker: ${message}` };
}

/** A file name for an initializer's .npy: its name with the characters file systems refuse replaced. */
export function npyFileName(initializer: string): string {
  const safe = [...initializer.slice(0, 200)].map((c) => (c < ' ' || '\\/:*?"<>|'.includes(c) ? '_' : c)).join('');
  return `${safe || 'initializer'}.npy`;
}

/** Files a request carries (.npy files for edits), by name. */
function filesOf(files: readonly FileBytes[] | undefined): Map<string, Uint8Array> {
  return new Map((files ?? []).map((f) => [f.name, new Uint8Array(f.bytes)]));
}

function withSession(id: number, state: WorkerState, change: (session: ModelSession) => void): HandlerResult {
  if (!state.session) return noModel(id);
  change(state.session);
  return snapshot(id, state.session);
}

function snapshot(id: number, session: ModelSession): HandlerResult {
  return { response: { id, kind: 'snapshot', snapshot: session.snapshot() }, transfer: [] };
}

/** The current model's files to save, or the answer that says why there are none. */
export function filesToSaveOf(
  id: number,
  state: WorkerState,
  action: string,
): { files: SavedFile[] } | { failed: HandlerResult } {
  if (!state.session) return { failed: noModel(id) };
  try {
    return { files: state.session.download() };
  } catch (error) {
    return { failed: { response: failure(id, action, error), transfer: [] } };
  }
}

export function filesAnswer(id: number, files: FileBlob[]): HandlerResult {
  return { response: { id, kind: 'files', files }, transfer: [] };
}

function noModel(id: number): HandlerResult {
  return fail(id, 'NO_MODEL', 'No model is loaded.');
}

function fail(id: number, code: string, message: string): HandlerResult {
  return { response: { id, kind: 'error', code, message }, transfer: [] };
}

/** Chromium refuses a Blob part of 2 GiB or more; a side file past that goes in pieces. */
const BLOB_PART = 2 ** 30;

/** The files as Blobs built in memory. */
export function blobsOf(files: readonly SavedFile[]): FileBlob[] {
  return files.map((f) => ({ name: f.name, blob: toBlob(f.parts) }));
}

function toBlob(parts: readonly Uint8Array[]): Blob {
  const pieces: Uint8Array<ArrayBuffer>[] = [];
  for (const part of parts) {
    for (let at = 0; at < part.length; at += BLOB_PART) {
      pieces.push(part.subarray(at, at + BLOB_PART) as Uint8Array<ArrayBuffer>);
    }
  }
  return new Blob(pieces);
}
