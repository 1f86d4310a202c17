import type { Dim } from './types.ts';

/** Longest dims list inference keeps; a longer one becomes "rank unknown". */
export const MAX_INFERRED_RANK = 64;

/**
 * Makes symbols for sizes known only at run time. `derive` names the result of an operation on
 * dims by a key that spells the operation: the same key gives the same symbol, so two branches
 * computing the same size from the same input (two stride-2 convs of one height) agree.
 */
export class Symbols {
  private next = 0;
  private readonly derived = new Map<string, string>();
  /** dim_param names the model uses, so a fresh name never collides with one. */
  private readonly taken = new Set<string>();

  reserve(name: string): void {
    this.taken.add(name);
  }

  fresh(): string {
    for (;;) {
      const name = `unk_${this.next++}`;
      if (!this.taken.has(name)) return name;
    }
  }

  derive(key: string): string {
    let name = this.derived.get(key);
    if (!name) {
      name = this.fresh();
      // Keys can be long; bound the memo so hostile graphs cannot grow it without limit.
      if (this.derived.size < 100_000) this.derived.set(key, name);
    }
    return name;
  }

  /** The product of dims: a number when all are, the symbol itself for `[s]` or `[1, s]`, else derived. */
  product(dims: readonly Dim[]): Dim {
    let n = 1;
    const symbols: string[] = [];
    for (const d of dims) {
      if (typeof d === 'number') n *= d;
      else symbols.push(d);
    }
    if (n === 0) return 0;
    if (symbols.length === 0) return n;
    if (symbols.length === 1 && n === 1) return symbols[0] as string;
    return this.derive(`mul(${n},${symbols.sort().join(',')})`);
  }

  /** a + b, with numbers added and x + 0 = x. */
  sum(dims: readonly Dim[]): Dim {
    let n = 0;
    const symbols: string[] = [];
    for (const d of dims) {
      if (typeof d === 'number') n += d;
      else symbols.push(d);
    }
    if (symbols.length === 0) return n;
    if (symbols.length === 1 && n === 0) return symbols[0] as string;
    return this.derive(`add(${n},${symbols.sort().join(',')})`);
  }

  /** A dim computed from `d` by a function spelled by `op`: numbers go through `f`, symbols are derived. */
  apply(d: Dim, op: string, f: (n: number) => number): Dim {
    if (typeof d === 'number') return f(d);
    return this.derive(`${op}(${d})`);
  }

  /** numpy broadcasting of dims lists; undefined when a rank is unknown or sizes conflict. */
  broadcast(shapes: readonly (readonly Dim[] | undefined)[]): Dim[] | undefined {
    let rank = 0;
    for (const s of shapes) {
      if (!s) return undefined;
      rank = Math.max(rank, s.length);
    }
    const out: Dim[] = new Array<Dim>(rank).fill(1);
    for (const s of shapes as readonly (readonly Dim[])[]) {
      const offset = rank - s.length;
      for (let i = 0; i < s.length; i++) {
        const d = s[i] as Dim;
        const cur = out[offset + i] as Dim;
        if (d === 1 || d === cur) continue;
        if (cur === 1) out[offset + i] = d;
        else if (typeof cur === 'number' && typeof d === 'number') return undefined;
        else if (typeof cur === 'number')
          continue; // the symbol must be 1 or equal to the number
        else if (typeof d === 'number') out[offset + i] = d;
        else out[offset + i] = this.derive(`bcast(${[cur, d].sort().join(',')})`);
      }
    }
    return out;
  }
}
