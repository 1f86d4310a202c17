import { OnnxError } from '../onnx/errors.ts';
import type { GraphProto } from '../onnx/types.ts';
import { copyMessage, withGraphFields } from './copy.ts';
import { readersByName } from './graph-walk.ts';
import { refreshShapes } from './refresh-shapes.ts';
import { clip, nodeRef } from './refs.ts';
import type { EditContext, EditOutcome } from './result.ts';
import type { EditDim, EditOp } from './types.ts';
import { tensorType } from './value-types.ts';

type SetInputShape = Extract<EditOp, { op: 'set-input-shape' }>;

/** Longest symbolic dim name accepted: names are for people, not payloads. */
const MAX_SYMBOL_LENGTH = 256;
/** ONNX Runtime's and NumPy's rank limit. */
const MAX_RANK = 64;

/**
 * Sets a graph input's shape (each dim a size or a symbolic name) and recomputes the declared
 * shapes downstream (see refreshShapes). The rank stays: a declared rank-4 image input given
 * three dims is refused, since every op reading it was built for that rank.
 */
export function setInputShape({ model }: EditContext, op: SetInputShape): EditOutcome {
  const graph = model.graph as GraphProto;
  const inputs = graph.input ?? [];
  const at = inputs.findIndex((v) => v.name === op.input);
  const input = inputs[at];
  if (!input) {
    throw new OnnxError(
      'EDIT_NOT_FOUND',
      `"${clip(op.input)}" is not a graph input (the inputs are ${inputs.map((v) => `"${clip(v.name ?? '')}"`).join(', ') || 'none'}).`,
    );
  }
  if ((graph.initializer ?? []).some((t) => t.name === op.input)) {
    throw new OnnxError(
      'EDIT_REFUSED',
      `"${clip(op.input)}" is a weight (an initializer listed as an input); its shape is its tensor's.`,
    );
  }
  checkDims(op.input, op.dims);
  const tensor = input.type?.tensorType;
  if (!tensor)
    throw new OnnxError('EDIT_REFUSED', `Input "${clip(op.input)}" is not a tensor, so it has no shape to set.`);
  const declared = tensor.shape?.dim;
  if (declared && declared.length !== op.dims.length) {
    throw new OnnxError(
      'EDIT_INVALID',
      `Input "${clip(op.input)}" has rank ${declared.length}; give ${declared.length} dims, not ${op.dims.length}: the nodes reading it were built for that rank.`,
    );
  }
  const nextInputs = [...inputs];
  nextInputs[at] = copyMessage(input, { type: tensorType(tensor.elemType ?? 0, op.dims) });
  const next = refreshShapes(withGraphFields(model, { input: nextInputs }), [op.input]);
  const nextGraph = next.graph as GraphProto;
  return {
    model: next,
    description: `Set input "${clip(op.input)}" to ${formatDims(op.dims)}`,
    changed: {
      nodes: [...new Set(readersByName(nextGraph).get(op.input) ?? [])].map((i) => nodeRef(nextGraph, i)),
      values: [op.input],
    },
  };
}

function checkDims(input: string, dims: unknown): asserts dims is EditDim[] {
  if (!Array.isArray(dims) || dims.length > MAX_RANK) {
    throw new OnnxError('EDIT_INVALID', `The shape of "${clip(input)}" must be a list of at most ${MAX_RANK} dims.`);
  }
  dims.forEach((d, i) => {
    const size = typeof d === 'number' && Number.isSafeInteger(d) && d >= 0;
    const symbol = typeof d === 'string' && d.length > 0 && d.length <= MAX_SYMBOL_LENGTH && !/^\s|\s$/.test(d);
    if (!size && !symbol) {
      throw new OnnxError(
        'EDIT_INVALID',
        `Dim ${i} of "${clip(input)}" is ${clip(JSON.stringify(d) ?? String(d))}: each dim is a size (0 or more) or a symbolic name such as "N".`,
      );
    }
  });
}

export function formatDims(dims: readonly EditDim[]): string {
  return dims.length === 0 ? 'a scalar' : dims.join('×');
}
