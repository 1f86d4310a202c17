/** Why a model could not be read, written or used. Stable: the UI, the CLI and tests switch on it. */
export type OnnxErrorCode =
  | 'EMPTY_FILE'
  | 'NOT_PROTOBUF'
  | 'NOT_A_MODEL'
  | 'TRUNCATED'
  | 'LENGTH_PAST_END'
  | 'NESTING_TOO_DEEP'
  | 'NO_GRAPH'
  | 'TENSOR_DATA_SHORT'
  | 'TENSOR_DATA_LONG'
  | 'TENSOR_TOO_LARGE'
  | 'INVALID_DIMS'
  | 'UNSUPPORTED_DTYPE'
  | 'EXTERNAL_DATA_INVALID'
  | 'EXTERNAL_DATA_MISSING'
  | 'EXTERNAL_DATA_OUT_OF_RANGE'
  | 'MODEL_TOO_LARGE'
  | 'INVALID_NODE'
  | 'DUPLICATE_OUTPUT'
  | 'DANGLING_INPUT'
  | 'DANGLING_OUTPUT'
  | 'GRAPH_CYCLE'
  | 'TOO_MANY_NODES'
  | 'NOTHING_TO_FUSE'
  | 'NOTHING_TO_OPTIMIZE'
  | 'UNKNOWN_PASS'
  | 'CORRUPT'
  | 'ENCODE_FAILED'
  /** A .npy file that is not one, or that lies about its size. */
  | 'NPY_INVALID'
  /** A well-formed .npy file this tool cannot hold as an ONNX tensor (dtype, fortran order). */
  | 'NPY_UNSUPPORTED'
  /** A file given as a serialized TensorProto (.pb) that is not one. */
  | 'NOT_A_TENSOR'
  /** An edit names a node or value the model does not have. */
  | 'EDIT_NOT_FOUND'
  /** An edit's own fields are wrong (a dim that is no size or name, an attribute of the wrong type). */
  | 'EDIT_INVALID'
  /** An edit would leave the model broken (a node still reads a value, an output without a producer). */
  | 'EDIT_REFUSED'
  /** A recipe file that cannot be read as a list of edits; the message names the step. */
  | 'RECIPE_INVALID';

/**
 * The only error type the ONNX core throws on bad input. `message` is a sentence fit to show a
 * user as it is; `code` is for programs.
 */
export class OnnxError extends Error {
  readonly code: OnnxErrorCode;

  constructor(code: OnnxErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OnnxError';
    this.code = code;
  }
}

export function isOnnxError(value: unknown): value is OnnxError {
  return value instanceof OnnxError;
}
