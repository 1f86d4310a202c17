import type { FileBlob, FileBytes } from '../worker/protocol.ts';
import { readBlob } from '../worker/read-files.ts';

/**
 * A loaded file as the page keeps it: a Blob (a picked or dropped File is backed by the disk, not
 * by memory). The model worker reads it; the page reads it only to hand the original model to
 * onnxruntime for a comparison.
 */
export type SourceFile = FileBlob;

export interface Source {
  model: SourceFile;
  sideFiles: SourceFile[];
}

async function readSource(file: SourceFile): Promise<FileBytes> {
  try {
    return { name: file.name, bytes: await readBlob(file.blob) };
  } catch {
    throw new Error(`${file.name} could not be read (was it moved or changed on disk, or is it too large?).`);
  }
}

/** The model and its side files, read for one use. */
export async function readSources(source: Source): Promise<{ model: FileBytes; sideFiles: FileBytes[] }> {
  return { model: await readSource(source.model), sideFiles: await Promise.all(source.sideFiles.map(readSource)) };
}
