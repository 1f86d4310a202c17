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

/** Creates an empty protobuf writer. */
export function createWriter(): $protobuf.Writer {
  return $protobuf.Writer.create();
}

/** protobufjs' limit on message nesting while decoding (its default is protoc's, 100). */
export function recursionLimit(): number {
  return $protobuf.Reader.recursionLimit;
}
