/** The ONNX core: model bytes <-> ModelProto, tensors, external data, graph index, summaries. */
export { decodeModel, encodeModel, PROTOBUF_LIMIT_BYTES } from './codec';
export { DataType, dataTypeName, FLOAT_TYPES } from './dtype';
export { isOnnxError, OnnxError, type OnnxErrorCode } from './errors';
export {
  embedExternalData,
  externalDataRef,
  isExternal,
  readExternalBytes,
  requiredSideFiles,
  type SideFiles,
  writeExternalBytes,
} from './external';
export { type GraphIndex, indexGraph, nodeSubgraphs, topologicalOrder } from './graph-index';
export { int64ToApproxNumber, int64ToNumber } from './int64';
export { tensorDims, tensorElementCount } from './shape';
export { formatType, type ModelSummary, summarizeModel } from './summary';
export { isFloatTensor, makeFloatTensor, readFloatValues, tensorStorage, viewFloatTensor } from './tensor';
export type * from './types';
export { listGraphs, listTensors } from './walk';
