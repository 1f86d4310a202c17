import type { FusionCandidate } from '../fusion/index.ts';
import type { Allocate } from '../onnx/index.ts';
import type { GraphProto } from '../onnx/types.ts';

/** Pages are touched in slices of this size, so a request that arrives meanwhile waits at most one slice. */
const SLICE_BYTES = 8 * 2 ** 20;
/** The operating system's page: one write per page makes the whole page resident. */
const PAGE_BYTES = 4096;
/** Past this, memory is not set aside ahead of a fusion (a model of gigabytes pays its page faults then). */
export const ARENA_LIMIT_BYTES = 256 * 2 ** 20;

/**
 * Memory for the weights "Fuse all" will write, set aside and touched while the worker is idle
 * after a model opens. Fresh memory costs a page fault per 4 KiB on its first write: for the
 * 100 MB of a ResNet-50 that is about as long as folding itself. Touched beforehand, the fold
 * runs at the speed of the arithmetic. The bytes a fusion writes are the same either way; only
 * where they live changes. Hands out zeroed pieces in order; a request past what is left gets
 * new memory, as it would without the arena.
 */
export class WeightArena {
  private readonly bytes: Uint8Array;
  private used = 0;
  private touched = 0;

  constructor(length: number) {
    this.bytes = new Uint8Array(Math.min(length, ARENA_LIMIT_BYTES));
  }

  get length(): number {
    return this.bytes.length;
  }

  /** Bytes touched so far (the rest are touched by their first write). */
  get touchedBytes(): number {
    return this.touched;
  }

  /** Touches the next slice of pages; false once every page has been touched. */
  touchSlice(): boolean {
    const end = Math.min(this.bytes.length, this.touched + SLICE_BYTES);
    // Writing a zero over a zero still makes the page resident: the kernel maps a page on any write.
    for (let at = this.touched; at < end; at += PAGE_BYTES) this.bytes[at] = 0;
    this.touched = end;
    return this.touched < this.bytes.length;
  }

  /** The allocator a fusion takes: pieces of the arena while they last. */
  readonly allocate: Allocate = (length) => {
    // Aligned to 8 bytes, so that every typed view of a piece is aligned too.
    const start = Math.ceil(this.used / 8) * 8;
    if (start + length > this.bytes.length) return new Uint8Array(length);
    this.used = start + length;
    return this.bytes.subarray(start, start + length);
  };
}

/**
 * The bytes "Fuse all" writes for the main graph's fusible candidates: each kept node's weight
 * once, where it is raw_data (a weight in a side file or a typed field is rare and small enough to
 * get new memory). A conv folded twice (BN, then a Mul) gets new memory the second time.
 */
export function fuseAllWeightBytes(
  graph: GraphProto,
  candidates: readonly Pick<FusionCandidate, 'status' | 'graphPath' | 'keptNode'>[],
): number {
  const kept = new Set(
    candidates.filter((c) => c.status === 'fusible' && c.graphPath === 'main' && c.keptNode).map((c) => c.keptNode),
  );
  if (kept.size === 0) return 0;
  const raw = new Map((graph.initializer ?? []).map((t) => [t.name ?? '', t.rawData?.length ?? 0]));
  const weights = new Set<string>();
  for (const node of graph.node ?? []) {
    const weight = node.input?.[1];
    if (node.name && kept.has(node.name) && weight) weights.add(weight);
  }
  let total = 0;
  for (const w of weights) total += raw.get(w) ?? 0;
  return total;
}
