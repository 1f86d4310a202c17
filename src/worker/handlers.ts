import { isOnnxError, type SavedFile } from '../onnx/index.ts';
import type { FileBlob, ProgressStage, SyncRequest, WorkerResponse } from './protocol.ts';
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

/**
 * Handles one request. Pure apart from `state`: Vitest calls it without a Worker. A request that
 * fails leaves `state` as it was, so a bad file or a failed fusion never loses the loaded model.
 */
export function handleRequest(
  request: SyncRequest,
  state: WorkerState,
  progress: (stage: ProgressStage) => void = () => {},
): HandlerResult {
  try {
    switch (request.kind) {
      case 'load':
        state.session = ModelSession.open(request.model, request.sideFiles, progress);
        return snapshot(request.id, state.session);
      case 'replay':
        state.session = ModelSession.replay(request.model, request.sideFiles, request.steps, progress);
        return snapshot(request.id, state.session);
      case 'fuse':
        return withSession(request.id, state, (s) => s.fuse(request.ids, progress));
      case 'fuseAll':
        return withSession(request.id, state, (s) => s.fuseAll(progress));
      case 'optimize':
        return withSession(request.id, state, (s) => s.optimize(request.passes, progress));
      case 'undo':
        return withSession(request.id, state, (s) => s.undo());
      case 'redo':
        return withSession(request.id, state, (s) => s.redo());
      case 'download': {
        const prepared = filesToSaveOf(request.id, state, 'download');
        if ('failed' in prepared) return prepared.failed;
        return filesAnswer(request.id, blobsOf(prepared.files));
      }
      case 'toggleGroup':
        return withSession(request.id, state, (s) => s.toggleGroup(request.groupId, progress));
      case 'reveal':
        return withSession(request.id, state, (s) => s.reveal(request.nodeId, progress));
      case 'drawAll':
        return withSession(request.id, state, (s) => s.drawAll(progress));
      case 'tidy':
        return withSession(request.id, state, (s) => s.tidy(progress));
      case 'details':
        if (!state.session) return noModel(request.id);
        return {
          response: { id: request.id, kind: 'details', details: state.session.details(request.nodeId) },
          transfer: [],
        };
      default:
        return assertNever(request);
    }
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

function assertNever(value: never): never {
  throw new Error(`unhandled request ${JSON.stringify(value)}`);
}
