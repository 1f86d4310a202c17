import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build, type Plugin, type Rolldown } from 'vite';
import type { Precache } from '../src/service-worker/protocol.ts';
import { PRODUCTION_POLICY, serializePolicy } from './csp.ts';
import { precacheOf, SERVICE_WORKER_FILE } from './precache.ts';

const ENTRY = 'src/service-worker/sw.ts';

/**
 * Builds src/service-worker/sw.ts into `outDir`/sw.js for the build already in `outDir`: its file
 * list and build id (scripts/precache.ts) and the production policy are defined into the script,
 * so every build whose files differ ships a service worker that differs, which is how browsers
 * notice a new version. One classic script (an IIFE), since module service workers are not yet
 * supported everywhere.
 */
export async function writeServiceWorker(outDir: string, root = process.cwd()): Promise<Precache> {
  const precache = precacheOf(outDir);
  const output = (await build({
    configFile: false,
    root,
    logLevel: 'warn',
    publicDir: false,
    define: {
      __BNFOLD_PRECACHE__: JSON.stringify(precache),
      __BNFOLD_POLICY__: JSON.stringify(serializePolicy(PRODUCTION_POLICY)),
    },
    build: {
      write: false,
      target: 'es2022',
      minify: true,
      lib: { entry: resolve(root, ENTRY), formats: ['iife'], name: 'bnfoldServiceWorker' },
    },
  })) as Rolldown.RolldownOutput | Rolldown.RolldownOutput[];
  const chunks = (Array.isArray(output) ? output : [output]).flatMap((o) => o.output);
  const [chunk, ...rest] = chunks;
  if (chunk?.type !== 'chunk' || rest.length > 0) {
    throw new Error(`the service worker should build to one script, not ${chunks.map((c) => c.fileName).join(', ')}`);
  }
  writeFileSync(join(outDir, SERVICE_WORKER_FILE), chunk.code);
  return precache;
}

/**
 * Writes the service worker after the app's build has written everything else (public files
 * included), so its list is the build as served. Build only: the dev server runs without one.
 */
export function serviceWorkerPlugin(): Plugin {
  let outDir = '';
  let root = '';
  return {
    name: 'bnfold-service-worker',
    apply: 'build',
    configResolved(config) {
      root = config.root;
      outDir = resolve(config.root, config.build.outDir);
    },
    writeBundle: {
      sequential: true,
      order: 'post',
      async handler() {
        await writeServiceWorker(outDir, root);
      },
    },
  };
}
