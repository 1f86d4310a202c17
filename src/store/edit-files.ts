import type { EditOp } from '../edit/types.ts';
import type { FileBlob, FileBytes } from '../worker/protocol.ts';

/**
 * The .npy files the history's set-initializer steps read, kept on the page (as disk-backed
 * Blobs) under the names the steps give them: a restarted worker replays the steps with them, and
 * "Export recipe" saves them beside the recipe under those names.
 */

/** The .npy names the ops read. */
export function npyNames(ops: readonly EditOp[]): Set<string> {
  return new Set(ops.flatMap((op) => (op.op === 'set-initializer' ? [op.npy] : [])));
}

/** The last part of a path: a recipe's "weights/w.npy" is the file the user picked as "w.npy". */
export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/**
 * A name for a new file among `taken`: `name` itself when free, else `w-2.npy`, `w-3.npy`… Two
 * different files picked under one name (twice "weights.npy") stay two files.
 */
export function freeName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name)) return name;
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  for (let i = 2; ; i++) {
    const candidate = `${stem}-${i}${ext}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** The files as bytes for the worker (npy files are small next to a model; copying them is cheap). */
export async function filesAsBytes(files: readonly FileBlob[]): Promise<FileBytes[]> {
  return Promise.all(files.map(async (f) => ({ name: f.name, bytes: await f.blob.arrayBuffer() })));
}
