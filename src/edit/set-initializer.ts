import { dataTypeName } from '../onnx/dtype.ts';
import { isOnnxError, OnnxError } from '../onnx/errors.ts';
import { type NpyArray, parseNpy } from '../onnx/npy.ts';
import { Long } from '../onnx/protobuf.ts';
import type { GraphProto, TensorProto } from '../onnx/types.ts';
import { copyMessage, withGraphFields } from './copy.ts';
import { readersByName } from './graph-walk.ts';
import { producerRefs } from './producers.ts';
import { refreshShapes } from './refresh-shapes.ts';
import { clip, nodeRef } from './refs.ts';
import type { EditContext, EditOutcome } from './result.ts';
import type { EditOp } from './types.ts';
import { tensorType } from './value-types.ts';

type SetInitializer = Extract<EditOp, { op: 'set-initializer' }>;

/**
 * Replaces a main-graph initializer's values with a `.npy` file's. Its dtype and shape must match
 * the initializer's unless `reshape`, which takes the file's and recomputes declared shapes
 * downstream. The values are stored in the model (raw_data); saving splits large ones into a
 * side file by the usual rules.
 */
export function setInitializer({ model, resources }: EditContext, op: SetInitializer): EditOutcome {
  const graph = model.graph as GraphProto;
  const initializers = graph.initializer ?? [];
  const at = initializers.findIndex((t) => t.name === op.name);
  const old = initializers[at];
  if (!old) throw notFound(graph, op.name);
  const bytes = resources.files?.get(op.npy);
  if (!bytes) throw new OnnxError('EDIT_INVALID', `The file "${clip(op.npy)}" for "${clip(op.name)}" was not given.`);
  const array = readNpy(op.npy, bytes);
  const oldDims = (old.dims ?? []).map((d) => Number(d));
  const same = array.dataType === old.dataType && array.dims.join() === oldDims.join();
  if (!same && !op.reshape) {
    throw new OnnxError(
      'EDIT_REFUSED',
      `"${clip(op.name)}" is ${describeTensor(old.dataType ?? 0, oldDims)} but "${clip(op.npy)}" holds ${describeTensor(array.dataType, array.dims)}: save it with that dtype and shape, or replace with reshape to change them.`,
    );
  }
  const tensor: TensorProto = copyMessage(old, {
    dataType: array.dataType,
    dims: array.dims.map((d) => Long.fromNumber(d)),
    rawData: array.data,
    // The values now live in raw_data: every other place a tensor keeps values is cleared.
    floatData: [],
    int32Data: [],
    stringData: [],
    int64Data: [],
    doubleData: [],
    uint64Data: [],
    externalData: [],
    dataLocation: null,
  });
  const nextInitializers = [...initializers];
  nextInitializers[at] = tensor;
  // IR < 4 lists every initializer as an input too; its declared type follows the tensor.
  const input = (graph.input ?? []).map((v) =>
    v.name === op.name && !same ? copyMessage(v, { type: tensorType(array.dataType, array.dims) }) : v,
  );
  let next = withGraphFields(model, { initializer: nextInitializers, input });
  if (!same) next = refreshShapes(next, [op.name]);
  const nextGraph = next.graph as GraphProto;
  return {
    model: next,
    description: `Replaced "${clip(op.name)}" (${describeTensor(array.dataType, array.dims)}) from "${clip(op.npy)}"`,
    changed: {
      nodes: [...new Set(readersByName(nextGraph).get(op.name) ?? [])].map((i) => nodeRef(nextGraph, i)),
      values: [op.name],
    },
  };
}

function readNpy(path: string, bytes: Uint8Array): NpyArray {
  try {
    return parseNpy(bytes);
  } catch (error) {
    if (isOnnxError(error)) throw new OnnxError(error.code, `"${clip(path)}": ${error.message}`);
    throw error;
  }
}

function describeTensor(dataType: number, dims: readonly number[]): string {
  return `${dataTypeName(dataType)} ${dims.length ? dims.join('×') : 'scalar'}`;
}

function notFound(graph: GraphProto, name: string): OnnxError {
  const constant = producerRefs(graph, [name]);
  return new OnnxError(
    'EDIT_NOT_FOUND',
    constant.length > 0
      ? `"${clip(name)}" is computed by node ${constant[0]}, not stored as an initializer.`
      : `There is no initializer "${clip(name)}" in the main graph.`,
  );
}
