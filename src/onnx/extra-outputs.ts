import { onnx } from './protobuf.ts';

/** A value to make a graph output: its name and ONNX element type (the shape is left unknown). */
export interface ExtraOutput {
  name: string;
  elemType: number;
}

/**
 * Bytes that, appended to a model's bytes, make `values` extra outputs of its main graph.
 *
 * Protobuf merges a message field that appears twice, and concatenates repeated fields
 * (Protocol Buffers encoding, "Last One Wins" / merging of embedded messages). So a second
 * ModelProto.graph holding only `output` entries adds them to the model's outputs, and nothing
 * else changes: the model is neither decoded nor encoded again, its weights are never copied, and
 * a model with side files keeps them. Layer-by-layer comparison (compare/layers.ts) runs a model
 * once per chunk of values this way. The shape is left out: onnxruntime infers it, and a declared
 * shape that disagreed with the run would be an error of its own.
 */
export function extraOutputsSuffix(values: readonly ExtraOutput[]): Uint8Array {
  const message = onnx.ModelProto.create({
    graph: onnx.GraphProto.create({
      output: values.map((v) => ({ name: v.name, type: { tensorType: { elemType: v.elemType } } })),
    }),
  });
  return onnx.ModelProto.encode(message).finish();
}
