/**
 * The typed messages between the page and the model worker. Only plain data crosses: bytes travel
 * as transferred ArrayBuffers, everything else as plain objects.
 */
import type { ModelSummary } from '../onnx/index.ts';

export type WorkerRequest = { id: number } & ({ kind: 'load'; name: string; bytes: ArrayBuffer } | { kind: 'encode' });

export type WorkerErrorCode = string;

export type WorkerResponse = { id: number } & (
  | { kind: 'loaded'; name: string; byteLength: number; summary: ModelSummary }
  | { kind: 'encoded'; bytes: ArrayBuffer }
  | { kind: 'error'; code: WorkerErrorCode; message: string }
);

/** The response kinds that answer each request kind. */
export interface ResponseFor {
  load: Extract<WorkerResponse, { kind: 'loaded' }>;
  encode: Extract<WorkerResponse, { kind: 'encoded' }>;
}

export type RequestBody<K extends WorkerRequest['kind']> = Omit<Extract<WorkerRequest, { kind: K }>, 'id'>;
