/**
 * What the page tells the user about its offline copy. Kept apart from the model store: it is about
 * the app itself, not the model, and it changes on the service worker's schedule.
 * - `ready`: the first visit stored the whole app; from now on it opens without a network;
 * - `updated`: a new build replaced the stored one, and this page is that build;
 * - `reload`: a new build replaced the stored one, but this page is the old build (it was opened
 *   from the cache while the new one was fetched): reloading runs the new one;
 * - `failed`: the app could not be stored (it still works online).
 */
export type OfflineStatus =
  | { readonly kind: 'none' }
  | { readonly kind: 'ready' }
  | { readonly kind: 'updated' }
  | { readonly kind: 'reload' }
  | { readonly kind: 'failed'; readonly reason: string };

const NONE: OfflineStatus = { kind: 'none' };
let current: OfflineStatus = NONE;
const listeners = new Set<() => void>();

export function getOfflineStatus(): OfflineStatus {
  return current;
}

export function setOfflineStatus(status: OfflineStatus): void {
  current = status;
  for (const listener of listeners) listener();
}

export function dismissOfflineStatus(): void {
  setOfflineStatus(NONE);
}

/** For React's useSyncExternalStore: calls `listener` on every change; returns the unsubscribe. */
export function subscribeOfflineStatus(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
