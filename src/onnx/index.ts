/** The ONNX core: model bytes <-> ModelProto, tensors, external data, graph index, summaries. */

export { cloneModel } from './clone.ts';
export { decodeModel, encodeModel, estimateEncodedSize, PROTOBUF_LIMIT_BYTES } from './codec.ts';
export { DataType, dataTypeName, FLOAT_TYPES } from './dtype.ts';
export { encodeModelParts, joinParts, partsSize, STREAM_MIN_BYTES } from './encode-parts.ts';
export { isOnnxError, OnnxError, type OnnxErrorCode } from './errors.ts';
export {
  embedExternalData,
  externalDataRef,
  isExternal,
  readExternalBytes,
  requiredSideFiles,
  type SideFiles,
  withSuffix,
  writeExternalBytes,
} from './external.ts';
export { checkGraphs, MAX_MODEL_NODES } from './graph-check.ts';
export { type GraphIndex, indexGraph, nodeSubgraphs, topologicalOrder } from './graph-index.ts';
export { int64ToApproxNumber, int64ToNumber } from './int64.ts';
export { encodeNpy, isNpyDataType, MAX_NPY_HEADER_BYTES, type NpyArray, parseNpy } from './npy.ts';
export { Long } from './protobuf.ts';
export { type Allocate, type Rescaler, rescaler } from './rescale.ts';
export { EXTERNAL_THRESHOLD_BYTES, moveToSideFile, type SavedFile } from './save-external.ts';
export { filesToSave, SINGLE_FILE_LIMIT } from './save-rules.ts';
export { tensorDims, tensorElementCount } from './shape.ts';
export { formatType, type ModelSummary, summarizeModel } from './summary.ts';
export {
  checkFloatTensorSize,
  isFloatTensor,
  makeFloatTensor,
  readFloatValues,
  tensorStorage,
  viewFloatTensor,
} from './tensor.ts';
export { decodeTensorFile, encodeTensorFile, type TensorFile, tensorFileOf } from './tensor-file.ts';
export type * from './types.ts';
export { listGraphs, listTensors } from './walk.ts';
