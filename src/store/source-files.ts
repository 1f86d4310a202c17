import type { FileBlob } from '../worker/protocol.ts';

/**
 * A loaded file as the page keeps it: a Blob (a picked or dropped File is backed by the disk, not
 * by memory). The model worker reads it, and onnxruntime reads it for a comparison: the page
 * itself never holds a model's bytes.
 */
export type SourceFile = FileBlob;

export interface Source {
  model: SourceFile;
  sideFiles: SourceFile[];
}
