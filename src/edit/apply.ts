import { isOnnxError, OnnxError } from '../onnx/errors.ts';
import { checkGraphs } from '../onnx/graph-check.ts';
import type { ModelProto } from '../onnx/types.ts';
import { addOutput } from './add-output.ts';
import { deleteNode } from './delete-node.ts';
import { extract } from './extract.ts';
import { fuse } from './fuse.ts';
import { optimize } from './optimize.ts';
import { removeOutput } from './remove-output.ts';
import { rename } from './rename.ts';
import type { EditContext, EditOutcome, EditResources, EditResult, EditSideFiles } from './result.ts';
import { setAttribute } from './set-attribute.ts';
import { setInitializer } from './set-initializer.ts';
import { setInputShape } from './set-input-shape.ts';
import type { EditOp, EditOpName } from './types.ts';
import { validateOp } from './validate.ts';

type Handler<Name extends EditOpName> = (ctx: EditContext, op: Extract<EditOp, { op: Name }>) => EditOutcome;

/** One handler per op. */
const HANDLERS: { [Name in EditOpName]: Handler<Name> } = {
  fuse,
  'fuse-all': fuse,
  optimize,
  'set-input-shape': setInputShape,
  rename,
  'delete-node': deleteNode,
  'add-output': addOutput,
  'remove-output': removeOutput,
  'set-attribute': setAttribute,
  'set-initializer': setInitializer,
  extract,
};

/**
 * Applies one edit. The input model and side files are never changed: the result copies what the
 * edit changes and shares the rest. The result is checked with the rules every opened file is
 * checked with (src/onnx checkGraphs) before it is returned, so an edit cannot leave a model the
 * app would refuse to open.
 * @throws OnnxError with a stable code and a sentence naming what breaks: EDIT_INVALID (the op's
 *   own fields), EDIT_NOT_FOUND (a node or value the model lacks), EDIT_REFUSED (the edit would
 *   break the model), NPY_* (the .npy file), NOTHING_TO_FUSE, NOTHING_TO_OPTIMIZE, UNKNOWN_PASS.
 */
export function applyEdit(
  model: ModelProto,
  sideFiles: EditSideFiles,
  op: EditOp,
  resources: EditResources = {},
): EditResult {
  const checked = validateOp(op);
  if (!model.graph) throw new OnnxError('NO_GRAPH', 'The model has no graph to edit.');
  const handler = HANDLERS[checked.op] as Handler<EditOpName>;
  const outcome = handler({ model, sideFiles, resources }, checked as never);
  try {
    checkGraphs(outcome.model);
  } catch (error) {
    if (!isOnnxError(error)) throw error;
    throw new OnnxError('EDIT_REFUSED', `This edit would break the model: ${error.message}`, { cause: error });
  }
  return { ...outcome, sideFiles: outcome.sideFiles ?? new Map(sideFiles) };
}
