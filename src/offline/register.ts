import type { BuildAnswer, BuildQuery } from '../service-worker/protocol.ts';
import { setOfflineStatus } from './offline-status.ts';
import { describeTakeover } from './takeover.ts';

/** How long the page waits for a service worker to say which build it holds. */
const ANSWER_PATIENCE_MS = 2000;

const BASE = import.meta.env.BASE_URL;

function askBuild(worker: ServiceWorker): Promise<BuildAnswer | undefined> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => resolve(undefined), ANSWER_PATIENCE_MS);
    channel.port1.onmessage = (event: MessageEvent<BuildAnswer>) => {
      clearTimeout(timer);
      resolve(event.data);
    };
    const query: BuildQuery = { kind: 'build' };
    worker.postMessage(query, [channel.port2]);
  });
}

const NOT_STORED =
  'bnfold could not be stored for offline use (a file failed to download). It still works online, and tries again on the next visit.';

/** Reports an install that fails (a file of the build could not be fetched): the worker is dropped. */
function watchInstalls(registration: ServiceWorkerRegistration): void {
  const watch = (worker: ServiceWorker | null) => {
    let stored = false;
    worker?.addEventListener('statechange', () => {
      if (worker.state === 'installed' || worker.state === 'activating' || worker.state === 'activated') stored = true;
      if (worker.state === 'redundant' && !stored) setOfflineStatus({ kind: 'failed', reason: NOT_STORED });
    });
  };
  watch(registration.installing);
  registration.addEventListener('updatefound', () => watch(registration.installing));
}

/**
 * Registers the service worker (src/service-worker/sw.ts, built to sw.js) once the page has
 * loaded, so that storing the build does not compete with opening the app, and reports through
 * the offline status when it takes control: the first time (the app is stored) or as a new build.
 * `entry` is the URL of the page's entry script, which tells whether the page is that new build.
 */
export function registerServiceWorker(entry: string): void {
  // Missing outside secure contexts (plain http on another host) and in some private modes.
  if (!('serviceWorker' in navigator)) return;
  const container = navigator.serviceWorker;
  const scope = new URL(BASE, location.href).href;
  let controlled = container.controller !== null;
  container.addEventListener('controllerchange', () => {
    const worker = container.controller;
    const wasControlled = controlled;
    controlled = true;
    if (!worker) return;
    void askBuild(worker).then((answer) =>
      setOfflineStatus(describeTakeover(wasControlled, answer?.files, scope, entry)),
    );
  });
  const register = () => {
    container.register(`${BASE}sw.js`, { scope: BASE }).then(watchInstalls, (error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      setOfflineStatus({ kind: 'failed', reason: `Offline use is unavailable here: ${reason}` });
    });
  };
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}

/**
 * The dev server's files change with every edit, so dev runs without an offline copy; a worker left
 * on this origin by a production build served here earlier would answer with stale files.
 */
export function unregisterServiceWorkers(): void {
  if (!('serviceWorker' in navigator)) return;
  void navigator.serviceWorker
    .getRegistrations()
    .then((registrations) => Promise.all(registrations.map((r) => r.unregister())));
}
