/**
 * Byte mutations of model files for the property tests: truncation, bit flips, set bytes,
 * inflated length prefixes, deleted and duplicated runs.
 */
import fc from 'fast-check';

export type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'set'; at: number; value: number }
  | { kind: 'inflate'; at: number }
  | { kind: 'delete'; at: number; count: number }
  | { kind: 'duplicate'; at: number; count: number };

/**
 * Mutations are drawn as fractions of the file size so one arbitrary serves every model; drawn
 * without fast-check's bias to small values, which would put nearly every mutation at byte 0.
 */
const position = fc.integer({ min: 0, max: 1_000_000 }).map((n) => n / 1_000_001);
export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: position }),
  fc.record({ kind: fc.constant('flip' as const), at: position, bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('set' as const), at: position, value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('inflate' as const), at: position }),
  fc.record({ kind: fc.constant('delete' as const), at: position, count: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: position, count: fc.integer({ min: 1, max: 64 }) }),
);

export function mutate(source: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let bytes: Uint8Array = source.slice();
  for (const m of mutations) {
    const at = Math.min(bytes.length - 1, Math.floor(m.at * bytes.length));
    if (bytes.length === 0 || at < 0) break;
    switch (m.kind) {
      case 'truncate':
        bytes = bytes.slice(0, at);
        break;
      case 'flip':
        bytes[at] = (bytes[at] as number) ^ (1 << m.bit);
        break;
      case 'set':
        bytes[at] = m.value;
        break;
      case 'inflate': {
        // Make the varint at `at` claim an enormous length or value.
        const inflated = new Uint8Array(bytes.length + 4);
        inflated.set(bytes.subarray(0, at));
        inflated.set([0xff, 0xff, 0xff, 0xff, 0x0f], at);
        inflated.set(bytes.subarray(at + 1), at + 5);
        bytes = inflated.subarray(0, bytes.length + 4);
        break;
      }
      case 'delete':
        bytes = concat(bytes.subarray(0, at), bytes.subarray(at + m.count));
        break;
      case 'duplicate':
        bytes = concat(bytes.subarray(0, at + m.count), bytes.subarray(at));
        break;
    }
  }
  return bytes;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
