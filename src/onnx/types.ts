import type { onnx } from './protobuf.ts';

/*
 * The shapes of ONNX messages as the core handles them. Decoded messages are protobufjs class
 * instances whose absent fields read as defaults from the prototype; messages built in code are
 * plain objects that may omit fields. These property types describe both, so code reading a
 * field must allow for its absence (`node.input ?? []`).
 *
 * Never push into an array read from a decoded message: an absent repeated field reads as a
 * shared, frozen empty array. Assign a new array instead.
 */
export type ModelProto = onnx.ModelProto.$Properties;
export type GraphProto = onnx.GraphProto.$Properties;
export type NodeProto = onnx.NodeProto.$Properties;
export type TensorProto = onnx.TensorProto.$Properties;
export type SparseTensorProto = onnx.SparseTensorProto.$Properties;
export type ValueInfoProto = onnx.ValueInfoProto.$Properties;
export type AttributeProto = onnx.AttributeProto.$Properties;
export type TypeProto = onnx.TypeProto.$Properties;
export type TensorShapeProto = onnx.TensorShapeProto.$Properties;
export type FunctionProto = onnx.FunctionProto.$Properties;
export type StringStringEntryProto = onnx.StringStringEntryProto.$Properties;
export type OperatorSetIdProto = onnx.OperatorSetIdProto.$Properties;

/** An int64 field as protobufjs hands it over: a Long, or a plain number when built in code. */
export type Int64 = number | { toNumber(): number; toString(): string };
