/**
 * The constant evaluator: our own kernels for the ops that shape arithmetic and weight
 * preparation use, with exact ONNX semantics, a size cap checked before allocating, and
 * refusals (never exceptions) for everything else.
 */
export {
  type ConstTensor,
  DEFAULT_MAX_BYTES,
  type EvaluateLimits,
  type RefusalReason,
  type TensorData,
} from './const-tensor.ts';
export { EVALUATED_OPS, type EvaluateResult, evaluateNode } from './evaluate-node.ts';
export { fromTensorProto, type ReadResult, toTensorProto } from './tensor-proto.ts';
