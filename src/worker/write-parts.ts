/**
 * Written in pieces of this size: the browser copies each write to its swap file, so memory
 * grows by a piece at a time, not by a file.
 */
const WRITE_PIECE = 64 * 1024 * 1024;

/**
 * Writes `parts` one after the other as the file's new content. The browser writes to a swap
 * file and only replaces the file once it is closed: a failure leaves the file as it was.
 */
export async function writeParts(handle: FileSystemFileHandle, parts: readonly Uint8Array[]): Promise<void> {
  const writable = await handle.createWritable();
  try {
    for (const part of parts) {
      for (let at = 0; at < part.length; at += WRITE_PIECE) {
        await writable.write(part.subarray(at, at + WRITE_PIECE) as Uint8Array<ArrayBuffer>);
      }
    }
    await writable.close();
  } catch (error) {
    await writable.abort().catch(() => undefined);
    throw error;
  }
}
