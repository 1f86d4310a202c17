/**
 * The one place that touches protobufjs. Everything else in the project sees only the generated
 * `onnx` namespace re-exported from here.
 */
import Long from 'long';
import $protobuf from 'protobufjs/minimal.js';
import { onnx } from './generated/onnx.js';

// int64 fields (dims, int64_data, Slice's INT64_MAX ends) must survive a round trip exactly, so
// they are decoded as Long. protobufjs finds `long` by `require`, which does not exist in ES
// module bundles; give it the class explicitly.
$protobuf.util.Long = Long;
$protobuf.configure();
// Fields this schema does not know (a newer IR) are kept and written back unchanged.
$protobuf.Reader.discardUnknown = false;

export { Long, onnx };
export type ProtobufReader = $protobuf.Reader;

/** Creates a reader over `bytes` without copying them. */
export function createReader(bytes: Uint8Array): $protobuf.Reader {
  return $protobuf.Reader.create(bytes);
}

/**
 * Creates a protobuf writer whose buffer starts at `sizeHint` bytes. protobufjs grows its buffer
 * by doubling, copying everything each time; starting near the final size makes encoding a
 * 100 MB model about three times faster.
 */
export function createWriter(sizeHint = 0): $protobuf.Writer {
  const writer = $protobuf.Writer.create();
  if (sizeHint > 0) {
    const alloc = (writer.constructor as unknown as { alloc(size: number): Uint8Array }).alloc;
    (writer as unknown as { buf: Uint8Array }).buf = alloc(sizeHint);
  }
  return writer;
}

/**
 * The written bytes. Shares the writer's buffer when it is nearly full (no copy); copies to an
 * exact-size buffer when the size hint left much of it unused.
 */
export function finishWriter(writer: $protobuf.Writer): Uint8Array {
  const { buf, pos } = writer as unknown as { buf: Uint8Array; pos: number };
  return pos >= buf.length * 0.9 ? writer.finish(true) : writer.finish();
}

/** protobufjs' limit on message nesting while decoding (its default is protoc's, 100). */
export function recursionLimit(): number {
  return $protobuf.Reader.recursionLimit;
}
