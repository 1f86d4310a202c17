import type { OfflineStatus } from './offline-status.ts';

/**
 * What a new service worker taking control of this page means for the user.
 * `wasControlled`: whether a worker (an earlier build) controlled the page before; `files`: the
 * new build's files relative to `scope`; `entry`: the URL of this page's own entry script. Without
 * an earlier worker, this is the first install. Otherwise the page is the new build exactly when
 * the new build holds its entry script (hashed names differ between builds); `files` is undefined
 * when the worker did not say.
 */
export function describeTakeover(
  wasControlled: boolean,
  files: readonly string[] | undefined,
  scope: string,
  entry: string,
): OfflineStatus {
  if (!wasControlled) return { kind: 'ready' };
  const entryPath = new URL(entry).pathname;
  const current = files?.some((file) => new URL(file, scope).pathname === entryPath) ?? false;
  return { kind: current ? 'updated' : 'reload' };
}
