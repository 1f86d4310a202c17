/// <reference lib="webworker" />
// The service worker: it keeps every file of one build, so that the app opens, loads models,
// fuses, compares (onnxruntime-web's WebAssembly and thread scripts included) and downloads with
// the network off. Built by scripts/service-worker-plugin.ts, which lists the build's files and
// defines the two constants below; registered by src/offline/register.ts in production builds only.
import { withAppHeaders } from './headers.ts';
import { cachedCopy, dropOtherBuilds, storeBuild } from './precache.ts';
import type { BuildAnswer, BuildQuery, Precache } from './protocol.ts';
import { routeOf } from './routes.ts';

declare const self: ServiceWorkerGlobalScope;
/** This build's id and files (defined at build time). */
declare const __BNFOLD_PRECACHE__: Precache;
/** The production Content-Security-Policy, serialized (defined at build time from scripts/csp.ts). */
declare const __BNFOLD_POLICY__: string;

const precache = __BNFOLD_PRECACHE__;
const policy = __BNFOLD_POLICY__;

/**
 * How long opening the app waits for the network's page before it takes the cached one. The page
 * is a few kilobytes; a network that has not answered by then is as good as offline.
 */
const NETWORK_PATIENCE_MS = 3000;

// A new build takes over as soon as it is stored: the next visit already runs it, and the page
// says so (src/offline/register.ts). The old build's cache goes once the new one is active.
self.addEventListener('install', (event) => {
  event.waitUntil(storeBuild(precache, self.registration.scope).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(dropOtherBuilds(precache.build).then(() => self.clients.claim()));
});

async function openApp(request: Request): Promise<Response> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), NETWORK_PATIENCE_MS);
  try {
    const response = await fetch(request, { signal: abort.signal });
    if (response.ok) return withAppHeaders(response, policy);
  } catch {
    // Offline, refused or too slow: the cached page below.
  } finally {
    clearTimeout(timer);
  }
  const cached = await cachedCopy(precache.build, new URL('index.html', self.registration.scope));
  return cached ? withAppHeaders(cached, policy) : Response.error();
}

async function openFile(request: Request): Promise<Response> {
  const cached = await cachedCopy(precache.build, new URL(request.url));
  return withAppHeaders(cached ?? (await fetch(request)), policy);
}

self.addEventListener('fetch', (event) => {
  const route = routeOf(event.request, self.registration.scope);
  if (route === 'app') event.respondWith(openApp(event.request));
  else if (route === 'file') event.respondWith(openFile(event.request));
});

self.addEventListener('message', (event) => {
  const query = event.data as BuildQuery | undefined;
  if (query?.kind !== 'build') return;
  const answer: BuildAnswer = { kind: 'build', build: precache.build, files: precache.files };
  event.ports[0]?.postMessage(answer);
});
