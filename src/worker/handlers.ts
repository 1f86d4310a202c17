import { decodeModel, encodeModel, isOnnxError, summarizeModel } from '../onnx/index.ts';
import type { ModelProto } from '../onnx/types.ts';
import type { WorkerRequest, WorkerResponse } from './protocol.ts';

/** What the worker holds between requests: the current model, decoded once. */
export interface WorkerState {
  model?: ModelProto;
  name?: string;
}

export interface HandlerResult {
  response: WorkerResponse;
  /** Buffers to transfer with the response rather than copy. */
  transfer: ArrayBuffer[];
}

/**
 * Handles one request. Pure apart from `state`: Vitest calls it without a Worker. A request that
 * fails leaves `state` as it was, so the loaded model survives a bad file.
 */
export function handleRequest(request: WorkerRequest, state: WorkerState): HandlerResult {
  try {
    switch (request.kind) {
      case 'load': {
        const model = decodeModel(new Uint8Array(request.bytes));
        const summary = summarizeModel(model);
        state.model = model;
        state.name = request.name;
        return {
          response: {
            id: request.id,
            kind: 'loaded',
            name: request.name,
            byteLength: request.bytes.byteLength,
            summary,
          },
          transfer: [],
        };
      }
      case 'encode': {
        if (!state.model) return fail(request.id, 'NO_MODEL', 'No model is loaded.');
        const bytes = encodeModel(state.model);
        // A fresh buffer of exactly the model's bytes, which can be transferred.
        const buffer = bytes.slice().buffer;
        return { response: { id: request.id, kind: 'encoded', bytes: buffer }, transfer: [buffer] };
      }
      default:
        return assertNever(request);
    }
  } catch (error) {
    if (isOnnxError(error)) return fail(request.id, error.code, error.message);
    return fail(
      request.id,
      'INTERNAL',
      `Something went wrong in the model worker: ${String((error as Error)?.message ?? error)}`,
    );
  }
}

function fail(id: number, code: string, message: string): HandlerResult {
  return { response: { id, kind: 'error', code, message }, transfer: [] };
}

function assertNever(value: never): never {
  throw new Error(`unhandled request ${JSON.stringify(value)}`);
}
