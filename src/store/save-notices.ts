import { formatBytes } from '../compare/format.ts';
import type { FileBlob, SavedFileInfo } from '../worker/protocol.ts';

const listed = (files: readonly { name: string; size: number }[]) =>
  files.map((f) => `${f.name} (${formatBytes(f.size)})`).join(', ');

/** Side files the saved model reads but the page never had: the user has to put them beside it. */
const stillNeeded = (missing: readonly string[], where: string) =>
  missing.length > 0
    ? ` The model also reads ${missing.join(', ')}, which ${missing.length > 1 ? 'were' : 'was'} not opened with it: keep a copy in ${where}.`
    : '';

/** After files were written into a picked folder: what went where, what was replaced, what is missing. */
export function savedNotice(folder: string, files: readonly SavedFileInfo[], missing: readonly string[]): string {
  const written = listed(files.map((f) => ({ name: f.name, size: f.bytes })));
  const replaced = files.filter((f) => f.replaced).map((f) => f.name);
  const also = replaced.length > 0 ? ` Replaced the earlier ${replaced.join(', ')}.` : '';
  return `Saved to “${folder}”: ${written}.${also}${stillNeeded(missing, `“${folder}”`)}`;
}

/**
 * After a save that took several downloads. The model finds its side files by name, and a browser
 * renames a download whose name is taken ("x (1).data"), so say so.
 */
export function downloadedNotice(
  files: readonly FileBlob[],
  missing: readonly string[],
  canPickFolder: boolean,
): string {
  const names = listed(files.map((f) => ({ name: f.name, size: f.blob.size })));
  if (files.length < 2) return `Downloaded ${names}.${stillNeeded(missing, 'the same folder')}`;
  const how = canPickFolder
    ? ' “Save to folder…” writes them together under these names.'
    : ' If your browser renamed one (e.g. “name (1).data”), rename it back.';
  return (
    `Downloaded as ${files.length} files: ${names}. ` +
    `Keep them in one folder under these names: the model reads its weights from the side files by name.${how}` +
    stillNeeded(missing, 'that folder')
  );
}
