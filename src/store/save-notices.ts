import { formatBytes } from '../compare/format.ts';
import type { FileBlob, SavedFileInfo } from '../worker/protocol.ts';

const listed = (files: readonly { name: string; size: number }[]) =>
  files.map((f) => `${f.name} (${formatBytes(f.size)})`).join(', ');

/** After files were written into a picked folder: what went where, and what was replaced. */
export function savedNotice(folder: string, files: readonly SavedFileInfo[]): string {
  const written = listed(files.map((f) => ({ name: f.name, size: f.bytes })));
  const replaced = files.filter((f) => f.replaced).map((f) => f.name);
  const also = replaced.length > 0 ? ` Replaced the earlier ${replaced.join(', ')}.` : '';
  return `Saved to “${folder}”: ${written}.${also}`;
}

/**
 * After a save that took several downloads. The model finds its side files by name, and a browser
 * renames a download whose name is taken ("x (1).data"), so say so.
 */
export function downloadedNotice(files: readonly FileBlob[], canPickFolder: boolean): string {
  const how = canPickFolder
    ? ' “Save to folder…” writes them together under these names.'
    : ' If your browser renamed one (e.g. “name (1).data”), rename it back.';
  return (
    `Downloaded as ${files.length} files: ${listed(files.map((f) => ({ name: f.name, size: f.blob.size })))}. ` +
    `Keep them in one folder under these names: the model reads its weights from the side files by name.${how}`
  );
}
