/**
 * What the build hands the service worker, and the one question the page asks it. Plain data
 * only: this file is shared by the worker (src/service-worker) and the page (src/offline).
 */

/** The build's id and every file it serves, as paths relative to the worker's scope. */
export interface Precache {
  /** A hash of the files' names and contents: a rebuild with any change gets a new id. */
  readonly build: string;
  readonly files: readonly string[];
}

/** The page asks which build the worker now controlling it holds (answered on a MessagePort). */
export interface BuildQuery {
  readonly kind: 'build';
}

export interface BuildAnswer {
  readonly kind: 'build';
  readonly build: string;
  readonly files: readonly string[];
}

/** Caches of this app are named by build, so that each build replaces exactly the ones before it. */
export const CACHE_PREFIX = 'bnfold-';

export function cacheName(build: string): string {
  return `${CACHE_PREFIX}${build}`;
}
