export { formatBytes } from '../compare/format.ts';

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/**
 * A scoped name without the scopes that the next one repeats. PyTorch names each module by its
 * full dotted path, so "/features/features.9/conv/conv.0/conv.0.0/Conv" says "features", "conv"
 * and "conv.0" twice: dropping a segment that the next one extends ("conv.0" before "conv.0.0")
 * loses nothing and leaves "/features.9/conv.0.0/Conv", which keeps the block number.
 */
export function condenseScopes(name: string): string {
  const parts = name.split('/');
  const kept = parts.filter((part, i) => {
    const next = parts[i + 1];
    return part === '' || next === undefined || !next.startsWith(`${part}.`);
  });
  return kept.join('/');
}

/**
 * Shortens a scoped name to at most `max` characters. First the scopes the next one repeats go
 * (see condenseScopes); then it is cut from the LEFT: neighbours share the start of their names,
 * and the end is what tells them apart. The cut moves to the next separator when one is near, so
 * the text starts with a whole segment: "/" in a path (whose segments may hold dots, as in
 * "layer1.0"), else "." ("p2o.Conv.12").
 */
export function cutFromLeft(text: string, max: number): string {
  if (text.length <= max) return text;
  const condensed = condenseScopes(text);
  if (condensed.length <= max) return condensed;
  if (max <= 1) return '…';
  const tail = condensed.slice(condensed.length - (max - 1));
  const at = tail.indexOf(condensed.includes('/') ? '/' : '.');
  // A separator in the first half of the room costs little; further in, it would throw away too much.
  return `…${at >= 0 && at <= tail.length / 2 ? tail.slice(at) : tail}`;
}
