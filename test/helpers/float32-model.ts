import { cloneModel } from '../../src/onnx/clone.ts';
import {
  DataType,
  FLOAT_TYPES,
  listGraphs,
  listTensors,
  makeFloatTensor,
  readFloatValues,
  tensorDims,
} from '../../src/onnx/index.ts';
import type { ModelProto, TypeProto } from '../../src/onnx/types.ts';

/**
 * The same model with every float tensor and value type turned into float32, so that
 * onnxruntime's CPU provider (which has no float64 or bfloat16 Conv) can judge models stored in
 * those types. Values are converted exactly where float32 can hold them (bfloat16 always can).
 */
export function toFloat32Model(model: ModelProto): ModelProto {
  const copy = cloneModel(model);
  for (const place of listTensors(copy)) {
    const t = place.tensor;
    if (!FLOAT_TYPES.has(t.dataType ?? 0) || t.dataType === DataType.FLOAT) continue;
    const converted = makeFloatTensor({
      name: t.name ?? '',
      dataType: DataType.FLOAT,
      dims: tensorDims(t),
      values: readFloatValues(t),
      storage: 'raw',
    });
    Object.assign(t, {
      dataType: DataType.FLOAT,
      rawData: converted.rawData,
      int32Data: [],
      doubleData: [],
      floatData: [],
    });
  }
  const retype = (type: TypeProto | null | undefined) => {
    const tensorType = type?.tensorType;
    if (tensorType && FLOAT_TYPES.has(tensorType.elemType ?? 0)) tensorType.elemType = DataType.FLOAT;
  };
  for (const { graph } of listGraphs(copy)) {
    for (const v of [...(graph.input ?? []), ...(graph.output ?? []), ...(graph.valueInfo ?? [])]) retype(v.type);
  }
  return copy;
}
