import { open, readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { isCompareError } from '../compare/errors.ts';
import { OnnxError, requiredSideFiles } from '../onnx/index.ts';
import type { ModelProto } from '../onnx/types.ts';
import { UsageError } from './errors.ts';

/** Refuse files past this before reading them: a Node Buffer cannot hold more. */
const MAX_FILE_BYTES = 2 ** 32;

export async function readModelFile(path: string): Promise<Uint8Array> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    throw new UsageError('cannot read the file: it does not exist or is not accessible');
  }
  if (size > MAX_FILE_BYTES) throw new UsageError(`the file is ${size} bytes, more than this tool can read at once`);
  // One read per gigabyte into one buffer: readFile reads in 512 KiB pieces, each a round trip
  // to the thread pool (200 of them for a 100 MB model).
  const file = await open(path, 'r');
  try {
    const bytes = new Uint8Array(size);
    let at = 0;
    while (at < size) {
      const { bytesRead } = await file.read(bytes, at, Math.min(size - at, IO_PIECE), at);
      if (bytesRead === 0) break;
      at += bytesRead;
    }
    return at === size ? bytes : bytes.subarray(0, at);
  } finally {
    await file.close();
  }
}

/** Side files the model names, read from beside the model file; missing ones are listed, not fatal. */
export async function readSideFiles(
  modelPath: string,
  model: ModelProto,
): Promise<{ files: Map<string, Uint8Array>; missing: string[] }> {
  const files = new Map<string, Uint8Array>();
  const missing: string[] = [];
  for (const location of requiredSideFiles(model)) {
    try {
      const buffer = await readFile(resolve(dirname(modelPath), location));
      files.set(location, new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength));
    } catch {
      missing.push(location);
    }
  }
  return { files, missing };
}

/** Node reads and writes at most 2 GiB per call; models and side files can be larger. */
const IO_PIECE = 2 ** 30;
/** Buffers per writev call (POSIX guarantees 16, Linux takes 1024). */
const WRITEV_BUFFERS = 1024;

/**
 * Writes `parts` one after the other as the file at `path`, gathered into few writev calls
 * (a model's parts are a hundred or so views of its weights and the bytes between them).
 */
export async function writeOutput(path: string, parts: readonly Uint8Array[]): Promise<void> {
  try {
    const file = await open(path, 'w');
    try {
      const pieces = parts.flatMap((part) =>
        Array.from({ length: Math.ceil(part.length / IO_PIECE) }, (_, i) =>
          part.subarray(i * IO_PIECE, (i + 1) * IO_PIECE),
        ),
      );
      while (pieces.length > 0) {
        let batch = 0;
        let total = 0;
        while (batch < pieces.length && batch < WRITEV_BUFFERS && total < IO_PIECE)
          total += (pieces[batch++] as Uint8Array).length;
        let { bytesWritten } = await file.writev(pieces.slice(0, batch));
        if (bytesWritten === 0) throw new Error('no bytes written');
        // A short write: drop what was written, keep the rest of a piece cut in the middle.
        while (bytesWritten > 0 && pieces.length > 0) {
          const piece = pieces[0] as Uint8Array;
          if (bytesWritten < piece.length) {
            pieces[0] = piece.subarray(bytesWritten);
            break;
          }
          bytesWritten -= piece.length;
          pieces.shift();
        }
      }
    } finally {
      await file.close();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'its folder does not exist' : (code ?? 'write failed');
    throw new UsageError(`cannot write ${path}: ${why}`);
  }
}

export function describeError(error: unknown): string {
  // CompareError: the inputs do not fit the model, or the model cannot run on them.
  if (error instanceof OnnxError || error instanceof UsageError || isCompareError(error)) return error.message;
  return `internal error: ${error instanceof Error ? error.message : String(error)}`;
}
