import type { Int64 } from './types.ts';

/**
 * Converts an int64 field to a JavaScript number, throwing when it cannot be represented exactly.
 * Dims and offsets past 2^53 cannot describe real data, so refusing them is safe.
 */
export function int64ToNumber(value: Int64 | null | undefined, fallback = 0): number {
  if (value === null || value === undefined) return fallback;
  if (typeof value === 'number') return value;
  const n = value.toNumber();
  if (!Number.isSafeInteger(n)) throw new RangeError(`integer ${value.toString()} is too large`);
  return n;
}

/** Like {@link int64ToNumber} but never throws: values past 2^53 are returned as approximations. */
export function int64ToApproxNumber(value: Int64 | null | undefined, fallback = 0): number {
  if (value === null || value === undefined) return fallback;
  return typeof value === 'number' ? value : value.toNumber();
}
