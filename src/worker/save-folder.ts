import { partsSize, type SavedFile } from '../onnx/index.ts';
import { filesToSaveOf, type HandlerResult, type WorkerState } from './handlers.ts';
import type { FolderHandle, SavedFileInfo } from './protocol.ts';
import { writeParts } from './write-parts.ts';

/**
 * Writes the files to save (see filesToSave) into a folder the user picked, under their own
 * names, so that the model and its side files stay together; downloads may be renamed ("x (1)")
 * and then the model no longer finds its weights. A failure leaves no half-written file (see
 * writeParts).
 */
export async function saveToFolder(id: number, state: WorkerState, picked: FolderHandle): Promise<HandlerResult> {
  const prepared = filesToSaveOf(id, state, 'save to folder');
  if ('failed' in prepared) return prepared.failed;
  const folder = picked as FileSystemDirectoryHandle;
  const saved: SavedFileInfo[] = [];
  for (const file of prepared.files) {
    try {
      saved.push(await writeFile(folder, file));
    } catch (error) {
      const done = saved.length > 0 ? ` ${saved.map((f) => f.name).join(', ')} had been written.` : '';
      return {
        response: { id, kind: 'error', ...writeFailure(error, file.name, folder.name, done) },
        transfer: [],
      };
    }
  }
  return { response: { id, kind: 'saved', files: saved }, transfer: [] };
}

async function writeFile(folder: FileSystemDirectoryHandle, file: SavedFile): Promise<SavedFileInfo> {
  const replaced = await exists(folder, file.name);
  await writeParts(await folder.getFileHandle(file.name, { create: true }), file.parts);
  return { name: file.name, bytes: partsSize(file.parts), replaced };
}

async function exists(folder: FileSystemDirectoryHandle, name: string): Promise<boolean> {
  try {
    await folder.getFileHandle(name);
    return true;
  } catch {
    return false;
  }
}

function writeFailure(error: unknown, file: string, folder: string, done: string): { code: string; message: string } {
  const name = error instanceof DOMException ? error.name : '';
  const detail = error instanceof Error ? error.message : String(error);
  if (name === 'NotAllowedError' || name === 'SecurityError') {
    return {
      code: 'FOLDER_NOT_WRITABLE',
      message: `The browser did not allow writing ${file} to “${folder}”.${done}`,
    };
  }
  if (name === 'QuotaExceededError') {
    return { code: 'DISK_FULL', message: `There is not enough space to write ${file} to “${folder}”.${done}` };
  }
  if (name === 'NotFoundError') {
    return {
      code: 'FOLDER_GONE',
      message: `${file} could not be written: the folder “${folder}” was moved or deleted.${done}`,
    };
  }
  return { code: 'SAVE_FAILED', message: `${file} could not be written to “${folder}” (${detail}).${done}` };
}
