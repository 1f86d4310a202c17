import type { FolderHandle } from '../worker/protocol.ts';

type DirectoryPicker = (options: { id: string; mode: 'readwrite'; startIn: 'downloads' }) => Promise<FolderHandle>;

/**
 * The browser's folder picker (the File System Access API: Chromium-based browsers), or
 * undefined where there is none; saving then falls back to downloads.
 */
export function folderPicker(): DirectoryPicker | undefined {
  const picker = (window as unknown as { showDirectoryPicker?: DirectoryPicker }).showDirectoryPicker;
  return typeof picker === 'function' ? (options) => picker.call(window, options) : undefined;
}

/** The user closed the picker without choosing: not an error. */
export function isPickerCancel(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
