import { DataType, dataTypeInfo, dataTypeName, rawByteLength } from './dtype.ts';
import { OnnxError } from './errors.ts';
import { externalDataRef } from './external.ts';
import { tensorElementCount } from './shape.ts';
import { tensorStorage } from './tensor.ts';
import type { ModelProto, TensorProto } from './types.ts';
import { listTensors } from './walk.ts';

/**
 * Structural checks that a decoded model is usable: it has a graph, and every stored tensor has
 * valid dims and at least as much data as its dims say. External tensors are checked for a
 * well-formed reference (their bytes are checked when the side file is read).
 * @throws OnnxError
 */
export function validateModel(model: ModelProto): void {
  if (!model.graph) throw new OnnxError('NO_GRAPH', 'The model has no graph: there is nothing to show or run.');
  for (const { tensor } of listTensors(model)) validateTensor(tensor);
}

export function validateTensor(tensor: TensorProto): void {
  const count = tensorElementCount(tensor);
  if (tensor.segment) return; // a segment holds only part of the tensor's data
  const storage = tensorStorage(tensor);
  if (storage === 'external') {
    externalDataRef(tensor);
    return;
  }
  const dataType = tensor.dataType ?? 0;
  if (storage === 'raw') {
    const expected = rawByteLength(dataType, count);
    const actual = tensor.rawData?.length ?? 0;
    if (expected !== undefined && actual < expected) throw short(tensor, `${actual} bytes`, `${expected}`);
    return;
  }
  const held = typedValueCount(tensor, dataType);
  const needed = typedValuesNeeded(dataType, count);
  if (held < needed) throw short(tensor, `${held} values`, `${needed}`);
}

function short(tensor: TensorProto, held: string, needed: string): OnnxError {
  return new OnnxError(
    'TENSOR_DATA_SHORT',
    `Tensor "${tensor.name ?? ''}" (${dataTypeName(tensor.dataType ?? 0)}) holds ${held} but its dims need ${needed}: the model is damaged.`,
  );
}

function typedValueCount(tensor: TensorProto, dataType: number): number {
  switch (dataTypeInfo(dataType)?.field) {
    case 'floatData':
      return tensor.floatData?.length ?? 0;
    case 'doubleData':
      return tensor.doubleData?.length ?? 0;
    case 'int64Data':
      return tensor.int64Data?.length ?? 0;
    case 'uint64Data':
      return tensor.uint64Data?.length ?? 0;
    case 'stringData':
      return tensor.stringData?.length ?? 0;
    case 'int32Data':
      return tensor.int32Data?.length ?? 0;
    default:
      return Number.POSITIVE_INFINITY; // unknown type: nothing to check against
  }
}

function typedValuesNeeded(dataType: number, count: number): number {
  if (dataType === DataType.COMPLEX64 || dataType === DataType.COMPLEX128) return 2 * count;
  const bits = dataTypeInfo(dataType)?.bits ?? 0;
  // 4-bit types may be packed two to an int32_data entry.
  return bits === 4 ? Math.ceil(count / 2) : count;
}
