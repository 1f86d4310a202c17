import { expect } from 'vitest';

/**
 * Compares byte arrays in native code. Vitest's generic deep equality walks them element by
 * element, which takes tens of seconds on a model's megabytes of weights.
 */
function bytesEqual(a: unknown, b: unknown): boolean | undefined {
  if (!(a instanceof Uint8Array) || !(b instanceof Uint8Array)) return undefined;
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

expect.addEqualityTesters([bytesEqual]);
