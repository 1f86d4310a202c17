import type { EditDim } from '../../edit/types.ts';

/** A dim as typed: a size, a symbolic name, or why it is neither. */
export type ParsedDim = { dim: EditDim } | { error: string };

/**
 * Reads one "Input shape" field: a whole number (0 or more) is a size, a name such as `N` or
 * `batch_size` is symbolic. A number that is not a size (-1, 2.5) is refused rather than read as
 * a name: it is almost always a typo for a size.
 */
export function parseDim(text: string, position: number): ParsedDim {
  const t = text.trim();
  if (t === '') return { error: `Dim ${position + 1} is empty: enter a size such as 3 or a name such as N.` };
  if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) {
    const n = Number(t);
    if (Number.isSafeInteger(n) && n >= 0) return { dim: n };
    return { error: `Dim ${position + 1} is ${t}: a size is a whole number, 0 or more (or use a name such as N).` };
  }
  if (/\s/.test(t)) return { error: `Dim ${position + 1} is "${t}": a symbolic name has no spaces.` };
  return { dim: t };
}

/** Every field of an input's shape, or the first refusal. */
export function parseDims(texts: readonly string[]): { dims: EditDim[] } | { error: string } {
  const dims: EditDim[] = [];
  for (const [i, text] of texts.entries()) {
    const parsed = parseDim(text, i);
    if ('error' in parsed) return parsed;
    dims.push(parsed.dim);
  }
  return { dims };
}
