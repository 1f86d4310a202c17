/// <reference lib="webworker" />
import { CACHE_PREFIX, cacheName, type Precache } from './protocol.ts';

/**
 * Stores every file of the build in this build's cache. Each is fetched past the HTTP cache
 * (`cache: 'reload'`), so files without a hash in their name (index.html, sample.onnx) cannot come
 * from an earlier build; addAll stores nothing unless every file arrives with a 2xx status, and a
 * service worker whose install fails is dropped and tried again on the next visit.
 */
export async function storeBuild(precache: Precache, scope: string): Promise<void> {
  const cache = await caches.open(cacheName(precache.build));
  await cache.addAll(precache.files.map((file) => new Request(new URL(file, scope), { cache: 'reload' })));
}

/** Deletes the caches of every other build of this app (never other caches of the origin). */
export async function dropOtherBuilds(build: string): Promise<void> {
  const keep = cacheName(build);
  const names = await caches.keys();
  await Promise.all(names.filter((n) => n.startsWith(CACHE_PREFIX) && n !== keep).map((n) => caches.delete(n)));
}

/** This build's copy of `request` (a URL or a request), if it has one. */
export async function cachedCopy(build: string, request: Request | URL): Promise<Response | undefined> {
  const cache = await caches.open(cacheName(build));
  return cache.match(request);
}
