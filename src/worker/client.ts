import type {
  ProgressStage,
  RequestFields,
  RequestKind,
  ResponseFor,
  WorkerRequest,
  WorkerResponse,
} from './protocol.ts';

/** An error from the worker, or about it (it crashed, or took too long). */
export class WorkerCallError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'WorkerCallError';
  }
}

interface Pending {
  onProgress: ((stage: ProgressStage) => void) | undefined;
  resolve: (response: WorkerResponse) => void;
  reject: (error: WorkerCallError) => void;
  timer: ReturnType<typeof setTimeout>;
}

/** Called after the worker died and was replaced: the new one holds no model. */
export type CrashListener = (message: string) => void;

/**
 * The page's side of the worker: one promise per request id, a time limit per request, and a
 * fresh worker after a crash or a hang. Crash listeners are told, so that the page can send the
 * model again; requests that were waiting are rejected with WORKER_CRASHED or TIMEOUT.
 */
export class ModelWorkerClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly crashListeners = new Set<CrashListener>();

  constructor(
    private readonly create: () => Worker,
    private readonly timeoutMs = 120_000,
  ) {}

  onCrash(listener: CrashListener): () => void {
    this.crashListeners.add(listener);
    return () => this.crashListeners.delete(listener);
  }

  call<K extends RequestKind>(
    kind: K,
    fields: RequestFields<K>,
    transfer: Transferable[] = [],
    onProgress?: (stage: ProgressStage) => void,
  ): Promise<ResponseFor[K]> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise<WorkerResponse>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new WorkerCallError('TIMEOUT', 'The model worker did not answer in time and was restarted.'));
        this.replace('it did not answer in time');
      }, this.timeoutMs);
      this.pending.set(id, { resolve, reject, timer, onProgress });
      worker.postMessage({ ...fields, kind, id } as WorkerRequest, transfer);
    }).then((response) => {
      if (response.kind === 'error') throw new WorkerCallError(response.code, response.message);
      return response as ResponseFor[K];
    });
  }

  terminate(): void {
    this.worker?.terminate();
    this.worker = undefined;
    this.rejectAll('TERMINATED', 'The model worker was stopped.');
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = this.create();
    worker.onmessage = (event: MessageEvent<WorkerResponse>) => {
      const pending = this.pending.get(event.data.id);
      if (!pending) return;
      if (event.data.kind === 'progress') {
        pending.onProgress?.(event.data.stage);
        return;
      }
      clearTimeout(pending.timer);
      this.pending.delete(event.data.id);
      pending.resolve(event.data);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      const why = event.message ? `it crashed (${event.message})` : 'it crashed';
      this.rejectAll('WORKER_CRASHED', `The model worker stopped: ${why}. It was restarted.`);
      this.replace(why);
    };
    worker.onmessageerror = () => {
      this.rejectAll('WORKER_CRASHED', 'A message from the model worker could not be read. It was restarted.');
      this.replace('a message could not be read');
    };
    this.worker = worker;
    return worker;
  }

  private replace(why: string): void {
    this.worker?.terminate();
    this.worker = undefined;
    for (const listener of this.crashListeners) listener(why);
  }

  private rejectAll(code: string, message: string): void {
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      this.pending.delete(id);
      pending.reject(new WorkerCallError(code, message));
    }
  }
}
