import { handleRequest, type WorkerState } from '../../src/worker/handlers.ts';
import type { FileBytes, ModelSnapshot, SyncRequest, WorkerResponse } from '../../src/worker/protocol.ts';

/** A request without its id (Omit over each member of the union). */
export type Body = SyncRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

let nextId = 1;

/** Sends one request to the worker's pure handlers, as the page would, and returns the answer. */
export function send(state: WorkerState, request: Body): WorkerResponse {
  return handleRequest({ ...request, id: nextId++ } as SyncRequest, state).response;
}

/** The snapshot an answer carries; anything else fails the test with what came instead. */
export function snapshotOf(response: WorkerResponse): ModelSnapshot {
  if (response.kind !== 'snapshot') throw new Error(`expected a snapshot, got ${JSON.stringify(response)}`);
  return response.snapshot;
}

/** A file as the worker receives it, with its own copy of the bytes. */
export const fileBytes = (name: string, bytes: Uint8Array): FileBytes => ({ name, bytes: bytes.slice().buffer });
