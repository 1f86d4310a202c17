/**
 * The Chromium the tests and benchmarks drive: Debian's by default, any other through
 * CHROMIUM_PATH; with the flags this machine's closed network and root user need.
 */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The usual flags plus no GPU (the default for tests), or with the software WebGPU adapter. */
export function chromiumArgs(gpu: 'none' | 'unsafe-webgpu' = 'none'): string[] {
  return [...CHROMIUM_FLAGS, gpu === 'none' ? '--disable-gpu' : '--enable-unsafe-webgpu'];
}
