import { type AttributeValue, ModelBuilder } from '../../src/fixtures/builder.ts';
import { DataType } from '../../src/onnx/dtype.ts';
import { numberToFloat16Bits } from '../../src/onnx/float16.ts';
import type { ModelProto } from '../../src/onnx/types.ts';
import { type ConstTensor, toTensorProto } from '../../src/optimize/evaluate/index.ts';

/** A ConstTensor from plain values (bigints for int64, numbers otherwise; float16 given as numbers). */
export function tensor(dataType: number, dims: number[], values: readonly (number | bigint)[]): ConstTensor {
  const n = values.length;
  switch (dataType) {
    case DataType.FLOAT:
      return { dataType, dims, data: Float32Array.from(values as number[]) };
    case DataType.DOUBLE:
      return { dataType, dims, data: Float64Array.from(values as number[]) };
    case DataType.FLOAT16:
      return { dataType, dims, data: Uint16Array.from(values as number[], numberToFloat16Bits) };
    case DataType.INT32:
      return { dataType, dims, data: Int32Array.from(values as number[]) };
    case DataType.INT64:
      return { dataType, dims, data: BigInt64Array.from(values, (v) => BigInt(v)) };
    case DataType.UINT8:
    case DataType.BOOL:
      return { dataType, dims, data: Uint8Array.from(values as number[]) };
    case DataType.INT8:
      return { dataType, dims, data: Int8Array.from(values as number[]) };
    default:
      throw new Error(`no test helper for type ${dataType} (${n} values)`);
  }
}

export const f32 = (dims: number[], v: number[]) => tensor(DataType.FLOAT, dims, v);
export const i64 = (dims: number[], v: (number | bigint)[]) => tensor(DataType.INT64, dims, v);
export const i32 = (dims: number[], v: number[]) => tensor(DataType.INT32, dims, v);
export const bool = (dims: number[], v: number[]) => tensor(DataType.BOOL, dims, v);

export interface EvalCase {
  name: string;
  op: string;
  /** Inputs by position; null for an omitted optional input. */
  inputs: (ConstTensor | null)[];
  attributes?: Record<string, AttributeValue>;
  opset?: number;
  outputs?: number;
}

/**
 * A one-node model computing `c`: its inputs as initializers, its outputs as graph outputs of
 * the element types the evaluator gave (onnxruntime checks them).
 */
export function oneNodeModel(c: EvalCase, outputTypes: readonly number[]): ModelProto {
  const b = new ModelBuilder({ opset: c.opset ?? 17 });
  const names = c.inputs.map((t, i) => {
    if (!t) return '';
    b.initializers.push(toTensorProto(`in${i}`, t));
    return `in${i}`;
  });
  const outputs = outputTypes.map((_, i) => `out${i}`);
  b.node(c.op, names, outputs, { name: 'node', ...(c.attributes ? { attributes: c.attributes } : {}) });
  outputTypes.forEach((elemType, i) => {
    b.outputs.push({ name: `out${i}`, type: { tensorType: { elemType } } });
  });
  return b.build();
}
