import { Long } from '../onnx/protobuf.ts';
import type { GraphProto, ModelProto, TypeProto, ValueInfoProto } from '../onnx/types.ts';
import { type InferredShapes, inferShapes, lookupShape } from '../optimize/shape/index.ts';

/** A dim as ValueInfo writes it: a number as dim_value, a symbol as dim_param. */
export function dimProto(d: number | string): { dimValue: Long } | { dimParam: string } {
  return typeof d === 'number' ? { dimValue: Long.fromNumber(d) } : { dimParam: d };
}

/** A tensor type from an element type and dims (undefined dims: rank unknown, no shape written). */
export function tensorType(elemType: number, dims: readonly (number | string)[] | undefined): TypeProto {
  return { tensorType: { elemType, ...(dims ? { shape: { dim: dims.map(dimProto) } } : {}) } };
}

/**
 * The best known type of a main-graph value, for a new graph input or output: what the file
 * declares (input, output, value_info), an initializer's own dtype and dims, or what shape
 * inference works out (computed once, on demand, through `shapes`). Undefined when nothing says.
 */
export function knownType(model: ModelProto, name: string, shapes: () => InferredShapes): TypeProto | undefined {
  const graph = model.graph as GraphProto;
  const declared = [...(graph.input ?? []), ...(graph.output ?? []), ...(graph.valueInfo ?? [])].find(
    (v) => v.name === name && v.type,
  );
  if (declared?.type) return declared.type;
  const initializer = (graph.initializer ?? []).find((t) => t.name === name);
  if (initializer) {
    return tensorType(
      initializer.dataType ?? 0,
      (initializer.dims ?? []).map((d) => Number(d)),
    );
  }
  const inferred = lookupShape(shapes(), 'main', name);
  if (!inferred || inferred.elemType === 0) return undefined;
  return tensorType(inferred.elemType, inferred.dims);
}

/** A ValueInfo for `name` with its known type (name only when nothing is known). */
export function valueInfoFor(model: ModelProto, name: string, shapes: () => InferredShapes): ValueInfoProto {
  const type = knownType(model, name, shapes);
  return type ? { name, type } : { name };
}

/** `inferShapes(model)` computed at most once. */
export function lazyShapes(model: ModelProto): () => InferredShapes {
  let shapes: InferredShapes | undefined;
  return () => {
    shapes ??= inferShapes(model);
    return shapes;
  };
}
