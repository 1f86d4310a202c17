/**
 * How the service worker answers a request:
 * - `app`: opening the app (a navigation to the scope or its index.html): the network's newest
 *   page when it answers in time, else the cached one, so a new build shows on the next visit and
 *   an offline visit still opens;
 * - `file`: anything else of this app (scripts, workers, WebAssembly, the sample, icons): the
 *   cached copy of this build, else the network;
 * - `pass`: not ours to answer (other methods, other origins, outside the scope): the browser
 *   handles it as if there were no service worker.
 */
export type Route = 'app' | 'file' | 'pass';

export interface RequestLike {
  readonly method: string;
  readonly mode: string;
  readonly url: string;
}

export function routeOf(request: RequestLike, scope: string): Route {
  if (request.method !== 'GET') return 'pass';
  const url = new URL(request.url);
  const root = new URL(scope);
  if (url.origin !== root.origin || !url.pathname.startsWith(root.pathname)) return 'pass';
  const isAppPage = url.pathname === root.pathname || url.pathname === `${root.pathname}index.html`;
  return request.mode === 'navigate' && isAppPage ? 'app' : 'file';
}
