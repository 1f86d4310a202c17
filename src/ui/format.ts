export { formatBytes } from '../compare/format.ts';

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/**
 * Shortens a scoped name to at most `max` characters by cutting from the LEFT. Exporters name
 * nodes by scope ("/features/features.5/conv/conv.1/conv.1.0/Conv"): neighbours share the start,
 * and the end is what tells them apart. The cut moves to the next separator when one is near, so
 * the text starts with a whole segment: "/" in a path (whose segments may hold dots, as in
 * "layer1.0"), else "." ("p2o.Conv.12").
 */
export function cutFromLeft(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return '…';
  const tail = text.slice(text.length - (max - 1));
  const at = tail.indexOf(text.includes('/') ? '/' : '.');
  // A separator in the first half of the room costs little; further in, it would throw away too much.
  return `…${at >= 0 && at <= tail.length / 2 ? tail.slice(at) : tail}`;
}
