/** One top-level field of a protobuf message, located in the buffer. */
export interface WireField {
  field: number;
  wireType: number;
  /** Offset of the tag. */
  start: number;
  /** Offset just past the field's value. */
  end: number;
}

/** Why a scan stopped early. */
export type WireFailure =
  | { kind: 'bad-wire'; offset: number; what: string }
  | { kind: 'past-end'; offset: number; field: number; wireType: number; missing: number };

export interface WireScan {
  fields: WireField[];
  failure?: WireFailure;
}

/**
 * Splits the top level of a protobuf message into fields without decoding them. Cheap (a model
 * has a handful of top-level fields), and it tells apart what the full decoder cannot: bytes that
 * are not protobuf at all, and a last field that runs past the end of the file (a cut-off copy).
 */
export function scanTopLevel(bytes: Uint8Array): WireScan {
  const fields: WireField[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    const start = pos;
    const tag = readVarint(bytes, pos);
    if (tag === 'overlong')
      return { fields, failure: { kind: 'bad-wire', offset: start, what: 'a tag longer than 10 bytes' } };
    if (tag === 'end')
      return { fields, failure: { kind: 'past-end', offset: start, field: 0, wireType: 0, missing: 1 } };
    pos = tag.next;
    const field = Math.floor(tag.value / 8);
    const wireType = tag.value % 8;
    if (field === 0) return { fields, failure: { kind: 'bad-wire', offset: start, what: 'field number 0' } };
    if (wireType === 0 || wireType === 2) {
      const value = readVarint(bytes, pos);
      if (value === 'overlong')
        return { fields, failure: { kind: 'bad-wire', offset: pos, what: 'a number longer than 10 bytes' } };
      if (value === 'end') return { fields, failure: { kind: 'past-end', offset: start, field, wireType, missing: 1 } };
      pos = wireType === 0 ? value.next : value.next + value.value;
    } else if (wireType === 1 || wireType === 5) {
      pos += wireType === 1 ? 8 : 4;
    } else {
      // Groups (3, 4) are not used by ONNX; 6 and 7 are not wire types at all.
      return { fields, failure: { kind: 'bad-wire', offset: start, what: `wire type ${wireType}` } };
    }
    if (pos > bytes.length) {
      return { fields, failure: { kind: 'past-end', offset: start, field, wireType, missing: pos - bytes.length } };
    }
    fields.push({ field, wireType, start, end: pos });
  }
  return { fields };
}

function readVarint(bytes: Uint8Array, pos: number): { value: number; next: number } | 'end' | 'overlong' {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    const b = bytes[pos + i];
    if (b === undefined) return 'end';
    value += (b & 0x7f) * scale;
    scale *= 128;
    if (b < 0x80) return { value, next: pos + i + 1 };
  }
  return 'overlong';
}
