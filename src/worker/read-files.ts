import type { FileBlob, FileBytes, ReadyRequest, WorkerRequest } from './protocol.ts';

/**
 * Chromium cannot read a Blob of 2 GiB or more into one ArrayBuffer (though it can allocate one),
 * so such files are read in pieces into a buffer of their size. Smaller files are read whole:
 * pieces left for the garbage collector would add up to most of the file again.
 */
export const WHOLE_READ_LIMIT = 2 ** 31 - 1;
const READ_PIECE = 64 * 1024 * 1024;

/** A Blob's bytes in one fresh buffer. */
export async function readBlob(blob: Blob): Promise<ArrayBuffer> {
  if (blob.size < WHOLE_READ_LIMIT) return blob.arrayBuffer();
  const bytes = new Uint8Array(blob.size);
  for (let at = 0; at < blob.size; at += READ_PIECE) {
    bytes.set(new Uint8Array(await blob.slice(at, at + READ_PIECE).arrayBuffer()), at);
  }
  return bytes.buffer;
}

/** Thrown when a file cannot be read; `message` is fit to show. */
export class FileReadError extends Error {
  constructor(
    readonly code: 'FILE_UNREADABLE' | 'OUT_OF_MEMORY',
    message: string,
  ) {
    super(message);
    this.name = 'FileReadError';
  }
}

async function readFile(file: FileBlob | FileBytes): Promise<FileBytes> {
  if ('bytes' in file) return file;
  try {
    return { name: file.name, bytes: await readBlob(file.blob) };
  } catch (error) {
    if (error instanceof RangeError) {
      throw new FileReadError(
        'OUT_OF_MEMORY',
        `${file.name} (${(file.blob.size / 1e9).toFixed(2)} GB) does not fit in this tab's memory.`,
      );
    }
    throw new FileReadError('FILE_UNREADABLE', `${file.name} could not be read (was it moved or changed on disk?).`);
  }
}

/** The request with every file it carries read into bytes. */
export async function readRequestFiles(request: WorkerRequest): Promise<ReadyRequest> {
  if (request.kind !== 'load' && request.kind !== 'replay') return request;
  return {
    ...request,
    model: await readFile(request.model),
    sideFiles: await Promise.all(request.sideFiles.map(readFile)),
  };
}
