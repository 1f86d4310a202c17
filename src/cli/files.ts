import { open, readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
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
  const buffer = await readFile(path);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
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

/** Node writes at most 2 GiB per call; side files can be larger. */
const WRITE_PIECE = 256 * 1024 * 1024;

/** Writes `parts` one after the other as the file at `path`. */
export async function writeOutput(path: string, parts: readonly Uint8Array[]): Promise<void> {
  try {
    const file = await open(path, 'w');
    try {
      for (const part of parts) {
        for (let at = 0; at < part.length; at += WRITE_PIECE) await file.write(part.subarray(at, at + WRITE_PIECE));
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
  if (error instanceof OnnxError || error instanceof UsageError) return error.message;
  return `internal error: ${error instanceof Error ? error.message : String(error)}`;
}
