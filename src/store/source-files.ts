import type { FileBytes } from '../worker/protocol.ts';

/**
 * A loaded file as the page keeps it: a Blob (a picked or dropped File is backed by the disk, not
 * by memory), read again when needed. Keeping the bytes instead would hold a second copy of a
 * model of up to 2 GB in the tab for as long as it is open.
 */
export interface SourceFile {
  name: string;
  blob: Blob;
}

export interface Source {
  model: SourceFile;
  sideFiles: SourceFile[];
}

/** The bytes of a kept file, in a fresh buffer that may be transferred. */
export async function readSource(file: SourceFile): Promise<FileBytes> {
  try {
    return { name: file.name, bytes: await file.blob.arrayBuffer() };
  } catch {
    throw new Error(`${file.name} could not be read (was it moved or changed on disk?).`);
  }
}

/** The model and its side files, read for one use. */
export async function readSources(source: Source): Promise<{ model: FileBytes; sideFiles: FileBytes[] }> {
  return { model: await readSource(source.model), sideFiles: await Promise.all(source.sideFiles.map(readSource)) };
}
