import { type ConstantLookup, type ConstantOptions, resolveConstant } from '../fusion/constants.ts';
import type { GraphScope } from '../fusion/scope.ts';
import { DataType, int64ToApproxNumber, isExternal, readExternalBytes, tensorDims } from '../onnx/index.ts';
import type { TensorProto, ValueInfoProto } from '../onnx/types.ts';
import { roundShapeOf } from './round-shapes.ts';
import type { Dim } from './shape/index.ts';
import type { PassContext } from './types.ts';

/** What is known about a value statically: element type, and dims where each is known (undefined: not). */
export interface ValueFacts {
  elemType: number | undefined;
  /** undefined when the rank is unknown; a dim is undefined when symbolic or missing. */
  dims: (number | undefined)[] | undefined;
}

/** The constant-lookup options of a pass run (fusion's rules: IR >= 4 input initializers are not constants). */
export function constantOptions(ctx: PassContext): ConstantOptions {
  return {
    irVersion: ctx.irVersion,
    inputInitializersAreConstant: ctx.options.inputInitializersAreConstant ?? false,
    sideFiles: ctx.sideFiles,
  };
}

export function lookupConstant(ctx: PassContext, scope: GraphScope, name: string): ConstantLookup {
  return resolveConstant(scope, name, constantOptions(ctx));
}

/**
 * The type and shape of a value: an initializer's or a Constant's dims; otherwise what the file
 * declares (graph input, output or value_info, in this graph or the graphs around it) together
 * with what this round's shape inference found (src/optimize/shape): a dim the file leaves open
 * is taken from inference, and a value the file says nothing about gets inference's facts.
 */
export function valueFacts(ctx: PassContext, scope: GraphScope, name: string): ValueFacts | undefined {
  const constant = lookupConstant(ctx, scope, name);
  if (constant.ok) {
    try {
      return { elemType: constant.constant.tensor.dataType ?? undefined, dims: tensorDims(constant.constant.tensor) };
    } catch {
      return undefined;
    }
  }
  const stated = statedFacts(scope, name);
  const inferred = inferredDims(ctx, scope, name);
  const elemType = stated?.elemType ?? (roundShapeOf(ctx.shapes(), scope, name)?.elemType || undefined);
  const fromInference = inferred?.map((d) => (typeof d === 'number' ? d : undefined));
  if (!stated?.dims) return fromInference || elemType !== undefined ? { elemType, dims: fromInference } : stated;
  if (!fromInference || fromInference.length !== stated.dims.length) return { elemType, dims: stated.dims };
  return { elemType, dims: stated.dims.map((d, i) => d ?? fromInference[i]) };
}

/**
 * A value's dims as this round's shape inference knows them, symbols included: equal symbols are
 * equal sizes (an input's dim_param, or one size inference followed). Undefined when the rank is
 * not known or the value changed since inference ran. A dim the file declares without value or
 * name reads as a symbol of its own, equal to no other.
 */
export function inferredDims(ctx: PassContext, scope: GraphScope, name: string): Dim[] | undefined {
  const dims = roundShapeOf(ctx.shapes(), scope, name)?.dims;
  // withDeclared (shape/infer.ts) writes '?' for a declared dim with neither value nor name.
  return dims?.map((d, i) => (d === '?' ? `?${name}#${i}` : d));
}

/** What the file declares about a value: graph input, output or value_info, here or in enclosing graphs. */
function statedFacts(scope: GraphScope, name: string): ValueFacts | undefined {
  for (let at: GraphScope | undefined = scope; at; at = at.parent) {
    const info = at.index.valueInfo.get(name) ?? at.index.outputs.get(name) ?? at.index.inputs.get(name);
    if (info) return factsOf(info);
    if (at.index.producer.has(name) || at.index.initializers.has(name)) return undefined;
  }
  return undefined;
}

function factsOf(info: ValueInfoProto): ValueFacts | undefined {
  const tensor = info.type?.tensorType;
  if (!tensor) return undefined;
  const elemType = tensor.elemType || undefined;
  if (!tensor.shape) return { elemType, dims: undefined };
  const dims = (tensor.shape.dim ?? []).map((d) =>
    d.dimValue !== null && d.dimValue !== undefined && !d.dimParam ? int64ToApproxNumber(d.dimValue) : undefined,
  );
  return {
    elemType,
    dims: dims.every((d) => d === undefined || (Number.isSafeInteger(d) && d >= 0)) ? dims : undefined,
  };
}

/** Fully known static dims, or undefined. */
export function staticDims(facts: ValueFacts | undefined): number[] | undefined {
  const dims = facts?.dims;
  return dims?.every((d): d is number => d !== undefined) ? dims : undefined;
}

/** Values past this many elements are not read as integers (shapes, axes and pads are short). */
const MAX_INT_CONSTANT = 4096;

/**
 * The values of an integer constant (int64, int32, int8…, bool as 0/1) as numbers; undefined
 * when `name` is not a readable constant of such a type. Values past 2^53 are approximated,
 * which only matters for "to the end" markers such as INT64_MAX, which stay huge.
 */
export function constantInts(ctx: PassContext, scope: GraphScope, name: string): number[] | undefined {
  const lookup = lookupConstant(ctx, scope, name);
  if (!lookup.ok) return undefined;
  return tensorInts(lookup.constant.tensor, ctx.sideFiles);
}

export function tensorInts(tensor: TensorProto, sideFiles: ReadonlyMap<string, Uint8Array>): number[] | undefined {
  let count: number;
  try {
    count = tensorDims(tensor).reduce((a, b) => a * b, 1);
  } catch {
    return undefined;
  }
  if (count > MAX_INT_CONSTANT) return undefined;
  const type = tensor.dataType ?? 0;
  const raw = isExternal(tensor) ? safeExternal(tensor, sideFiles) : tensor.rawData;
  if (raw && raw.length > 0) {
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    const size = INT_SIZES[type];
    if (!size || raw.length !== size * count) return undefined;
    const out: number[] = [];
    for (let i = 0; i < count; i++) out.push(readInt(view, type, i * size));
    return out;
  }
  if (type === DataType.INT64) {
    const values = (tensor.int64Data ?? []).map((v) => int64ToApproxNumber(v));
    return values.length === count ? values : undefined;
  }
  if (type === DataType.UINT64) {
    const values = (tensor.uint64Data ?? []).map((v) => int64ToApproxNumber(v));
    return values.length === count ? values : undefined;
  }
  if (INT_SIZES[type] && type !== DataType.UINT32) {
    const values = [...(tensor.int32Data ?? [])];
    return values.length === count ? values : undefined;
  }
  return undefined;
}

function safeExternal(tensor: TensorProto, sideFiles: ReadonlyMap<string, Uint8Array>): Uint8Array | undefined {
  try {
    return readExternalBytes(tensor, sideFiles);
  } catch {
    return undefined;
  }
}

const INT_SIZES: Readonly<Record<number, number>> = {
  [DataType.INT64]: 8,
  [DataType.UINT64]: 8,
  [DataType.INT32]: 4,
  [DataType.UINT32]: 4,
  [DataType.INT16]: 2,
  [DataType.UINT16]: 2,
  [DataType.INT8]: 1,
  [DataType.UINT8]: 1,
  [DataType.BOOL]: 1,
};

function readInt(view: DataView, type: number, at: number): number {
  switch (type) {
    case DataType.INT64:
      return Number(view.getBigInt64(at, true));
    case DataType.UINT64:
      return Number(view.getBigUint64(at, true));
    case DataType.INT32:
      return view.getInt32(at, true);
    case DataType.UINT32:
      return view.getUint32(at, true);
    case DataType.INT16:
      return view.getInt16(at, true);
    case DataType.UINT16:
      return view.getUint16(at, true);
    case DataType.INT8:
      return view.getInt8(at);
    default:
      return view.getUint8(at);
  }
}
