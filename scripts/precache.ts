import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Precache } from '../src/service-worker/protocol.ts';

/** The service worker's own file: never in its list (the browser fetches and compares it itself). */
export const SERVICE_WORKER_FILE = 'sw.js';

/** Source maps are for developers with the network on; the app never fetches them. */
const NOT_SERVED = /\.map$/;

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? walk(path) : [path];
  });
}

/**
 * Every file of the build in `outDir` the app may fetch, as sorted paths relative to it
 * ('assets/index-….js', 'index.html', 'sample.onnx', …), and an id made of their names and
 * contents: any change to any file gives a new id, and so a new service worker.
 */
export function precacheOf(outDir: string): Precache {
  const files = walk(outDir)
    .map((path) => relative(outDir, path).split(sep).join('/'))
    .filter((file) => file !== SERVICE_WORKER_FILE && !NOT_SERVED.test(file))
    .sort();
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(join(outDir, file)));
    hash.update('\0');
  }
  return { build: hash.digest('hex').slice(0, 16), files };
}
