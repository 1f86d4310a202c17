import type { RequestBody, ResponseFor, WorkerRequest, WorkerResponse } from './protocol.ts';

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
  resolve: (response: WorkerResponse) => void;
  reject: (error: WorkerCallError) => void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * The page's side of the worker: one promise per request id, a time limit per request, and a
 * fresh worker after a crash (the caller re-sends the model; the page's state is untouched).
 */
export class ModelWorkerClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly create: () => Worker,
    private readonly timeoutMs = 120_000,
  ) {}

  call<K extends WorkerRequest['kind']>(
    body: RequestBody<K> & { kind: K },
    transfer: Transferable[] = [],
  ): Promise<ResponseFor[K]> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise<WorkerResponse>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        this.restart();
        reject(new WorkerCallError('TIMEOUT', 'The model worker did not answer in time and was restarted.'));
      }, this.timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      worker.postMessage({ ...body, id } as WorkerRequest, transfer);
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
      clearTimeout(pending.timer);
      this.pending.delete(event.data.id);
      pending.resolve(event.data);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      this.restart();
      this.rejectAll(
        'WORKER_CRASHED',
        `The model worker crashed${event.message ? ` (${event.message})` : ''} and was restarted.`,
      );
    };
    worker.onmessageerror = () => {
      this.rejectAll('WORKER_CRASHED', 'A message from the model worker could not be read.');
    };
    this.worker = worker;
    return worker;
  }

  private restart(): void {
    this.worker?.terminate();
    this.worker = undefined;
  }

  private rejectAll(code: string, message: string): void {
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      this.pending.delete(id);
      pending.reject(new WorkerCallError(code, message));
    }
  }
}
