/**
 * Drives the model worker's pure handlers the way the page does, for one file: open it over an
 * already open model, then (when it opens) fuse all, download, re-open the download, undo and
 * redo. Anything but a snapshot or a typed error with a readable sentence is a crash.
 */
import { buildResNetLike } from '../../src/fixtures/models.ts';
import { checkGraphs, decodeModel, encodeModel, joinParts } from '../../src/onnx/index.ts';
import { handleRequest, type WorkerState } from '../../src/worker/handlers.ts';
import type { ModelSnapshot, SyncRequest, WorkerResponse } from '../../src/worker/protocol.ts';
import type { ModelSession } from '../../src/worker/session.ts';

/** A request without its id (Omit over each member of the union). */
type Body = SyncRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

export interface Drive {
  /** "model", or the error code the load was refused with. */
  outcome: string;
  /** Set when the run went wrong: a crash, a bad message, a lost model, an invalid fused model. */
  failure?: string;
  ms: number;
  loaded?: ModelSnapshot;
  fused?: ModelSnapshot;
}

let nextId = 1;

function send(state: WorkerState, request: Body): WorkerResponse {
  return handleRequest({ ...request, id: nextId++ } as SyncRequest, state).response;
}

/** Why an error message is not fit to show a user, or undefined when it is. */
export function messageProblem(message: string): string | undefined {
  if (message.trim().length === 0) return 'empty message';
  if (/undefined|\[object|NaN/.test(message)) return `message shows a program value: ${message}`;
  if (/\n\s+at |\.ts:\d+/.test(message)) return `message holds a stack trace: ${message}`;
  if (!/^[A-Z"]/.test(message) || !/[.!?)"]$/.test(message)) return `message is not a sentence: ${message}`;
  if (message.length > 600) return `message is ${message.length} characters long`;
  return undefined;
}

const counts = (s: ModelSnapshot) => `${s.counts.fusible}/${s.counts.blocked}/${s.counts.fused}`;

/** The sample model, open in a session that every case starts from (and must leave in place). */
export function openSample(): ModelSession {
  const state: WorkerState = {};
  const bytes = encodeModel(buildResNetLike());
  const response = send(state, {
    kind: 'load',
    model: { name: 'sample.onnx', bytes: bytes.slice().buffer },
    sideFiles: [],
  });
  if (response.kind !== 'snapshot' || !state.session) throw new Error('the sample did not open');
  return state.session;
}

export function driveWorker(bytes: Uint8Array, sample: ModelSession, name = 'hostile.onnx'): Drive {
  const started = performance.now();
  const done = (d: Omit<Drive, 'ms'>): Drive => ({ ...d, ms: performance.now() - started });
  const state: WorkerState = { session: sample };
  let step = 'load';
  try {
    const loaded = send(state, { kind: 'load', model: { name, bytes: bytes.slice().buffer }, sideFiles: [] });
    if (loaded.kind === 'error') {
      const failure =
        loaded.code === 'INTERNAL'
          ? `crash: ${loaded.message}`
          : state.session !== sample
            ? 'a failed load replaced the open model'
            : messageProblem(loaded.message);
      return done({ outcome: loaded.code, ...(failure ? { failure } : {}) });
    }
    if (loaded.kind !== 'snapshot') return done({ outcome: 'model', failure: `load answered ${loaded.kind}` });
    const first = loaded.snapshot;
    step = 'details';
    const node = first.view.nodes.find((n) => n.kind === 'op');
    if (node) expectKind(send(state, { kind: 'details', nodeId: node.id }), 'details', step);
    step = 'fuseAll';
    const fused = send(state, { kind: 'fuseAll' });
    if (first.counts.fusible === 0) {
      // Nothing to fuse: a typed refusal with a sentence, and the model stays.
      if (fused.kind !== 'error')
        return done({ outcome: 'model', loaded: first, failure: 'fused with nothing fusible' });
      const problem = fused.code === 'INTERNAL' ? `crash: ${fused.message}` : messageProblem(fused.message);
      return done({ outcome: 'model', loaded: first, ...(problem ? { failure: `fuseAll: ${problem}` } : {}) });
    }
    const after = expectKind(fused, 'snapshot', step).snapshot;
    step = 'download';
    expectKind(send(state, { kind: 'download' }), 'files', step);
    // The fused model must be a valid model again: it decodes and its graphs follow the rules.
    // (The handler answers with Blobs; the same bytes, read synchronously, from the session.)
    const reopened = decodeModel(joinParts(state.session?.download()[0]?.parts ?? []));
    checkGraphs(reopened);
    step = 'undo';
    const undone = expectKind(send(state, { kind: 'undo' }), 'snapshot', step).snapshot;
    if (counts(undone) !== counts(first)) return done({ outcome: 'model', failure: 'undo did not restore the counts' });
    step = 'redo';
    const redone = expectKind(send(state, { kind: 'redo' }), 'snapshot', step).snapshot;
    if (counts(redone) !== counts(after)) return done({ outcome: 'model', failure: 'redo did not restore the counts' });
    return done({ outcome: 'model', loaded: first, fused: after });
  } catch (error) {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return done({ outcome: 'CRASH', failure: `${step}: ${text}` });
  }
}

function expectKind<K extends WorkerResponse['kind']>(
  response: WorkerResponse,
  kind: K,
  step: string,
): Extract<WorkerResponse, { kind: K }> {
  if (response.kind !== kind) {
    const detail = response.kind === 'error' ? `${response.code}: ${response.message}` : response.kind;
    throw new Error(`${step} answered ${detail}`);
  }
  return response as Extract<WorkerResponse, { kind: K }>;
}
