/**
 * Why a comparison could not be set up: inputs that do not fit the model, values that do not
 * parse, outputs that cannot be paired. Stable codes for programs; `message` is a sentence fit to
 * show a user as it is (the page shows it, the CLI prints it and exits 2).
 */
export type CompareErrorCode =
  /** A given input names no graph input of the model. */
  | 'INPUT_UNKNOWN'
  /** A given tensor's element type is not the input's. */
  | 'INPUT_TYPE'
  /** A given tensor's shape does not fit the input's, or a size is missing or conflicting. */
  | 'INPUT_SHAPE'
  /** A value list that does not parse, or holds values the input's type cannot. */
  | 'INPUT_VALUES'
  /** An input of a type no data can be made or fed for (strings, bfloat16, sub-byte types). */
  | 'INPUT_UNSUPPORTED'
  /** The original (reference) model could not run on the planned inputs. */
  | 'INPUTS_REFUSED'
  /** An output's values cannot be read as numbers (strings). */
  | 'OUTPUT_UNSUPPORTED';

export class CompareError extends Error {
  readonly code: CompareErrorCode;

  constructor(code: CompareErrorCode, message: string) {
    super(message);
    this.name = 'CompareError';
    this.code = code;
  }
}

export function isCompareError(value: unknown): value is CompareError {
  return value instanceof CompareError;
}
