import { DataType, isExternal, Long, type SideFiles } from '../onnx/index.ts';
import type { NodeProto, TensorProto } from '../onnx/types.ts';
import type { GraphScope } from './scope.ts';

/** Where a constant's value is stored. */
export type ConstantOrigin =
  | { kind: 'initializer'; scope: GraphScope; name: string }
  | { kind: 'constant-node'; scope: GraphScope; node: NodeProto };

/** A value whose contents are fixed in the file, found through the forms real exporters write. */
export interface ResolvedConstant {
  tensor: TensorProto;
  origin: ConstantOrigin;
  /** Identity nodes between the use and the stored tensor (torch writes these for shared weights). */
  identities: NodeProto[];
  /** An initializer that is also a graph input of an IR >= 4 model: a caller may feed another value. */
  overridable: boolean;
}

export type ConstantLookup =
  | { ok: true; constant: ResolvedConstant }
  | { ok: false; why: 'runtime' | 'overridable' | 'external-missing' };

export interface ConstantOptions {
  irVersion: number;
  /** Treat initializers that are also graph inputs as constants (IR >= 4 lets callers override them). */
  inputInitializersAreConstant: boolean;
  sideFiles: SideFiles | undefined;
}

/** Identity chains longer than this are not followed (a cycle in a damaged model must not hang). */
const MAX_IDENTITY_CHAIN = 64;

/**
 * Finds the constant value behind `name` as seen from `scope`: an initializer (of this graph or
 * an enclosing one), a Constant node's tensor, either of them reached through Identity nodes.
 */
export function resolveConstant(scope: GraphScope, name: string, options: ConstantOptions): ConstantLookup {
  const identities: NodeProto[] = [];
  let current = name;
  let at: GraphScope | undefined = scope;
  while (at) {
    const producer = at.index.producer.get(current);
    if (producer !== undefined) {
      const node = at.index.nodes[producer] as NodeProto;
      const op = node.domain ? '' : node.opType;
      if (op === 'Identity' && identities.length < MAX_IDENTITY_CHAIN) {
        identities.push(node);
        current = node.input?.[0] ?? '';
        continue;
      }
      if (op === 'Constant') {
        const tensor = constantNodeTensor(node);
        if (!tensor) return { ok: false, why: 'runtime' };
        return found(tensor, { kind: 'constant-node', scope: at, node }, identities, false, options);
      }
      return { ok: false, why: 'runtime' };
    }
    const initializer = at.index.initializers.get(current);
    if (initializer) {
      const overridable = at.isMain && options.irVersion >= 4 && at.index.inputs.has(current);
      if (overridable && !options.inputInitializersAreConstant) return { ok: false, why: 'overridable' };
      return found(initializer, { kind: 'initializer', scope: at, name: current }, identities, overridable, options);
    }
    // A graph input (or a subgraph's loop-carried input) is only known at run time.
    if (at.index.inputs.has(current)) return { ok: false, why: 'runtime' };
    at = at.parent;
  }
  return { ok: false, why: 'runtime' };
}

function found(
  tensor: TensorProto,
  origin: ConstantOrigin,
  identities: NodeProto[],
  overridable: boolean,
  options: ConstantOptions,
): ConstantLookup {
  if (isExternal(tensor)) {
    const location = (tensor.externalData ?? []).find((e) => e.key === 'location')?.value ?? '';
    if (!options.sideFiles?.has(location)) return { ok: false, why: 'external-missing' };
  }
  return { ok: true, constant: { tensor, origin, identities, overridable } };
}

/** The tensor a Constant node holds, for the attribute forms that can carry float weights. */
export function constantNodeTensor(node: NodeProto): TensorProto | undefined {
  const name = node.output?.[0] ?? '';
  for (const attribute of node.attribute ?? []) {
    switch (attribute.name) {
      case 'value':
        return attribute.t ?? undefined;
      case 'value_float':
        return { name, dataType: DataType.FLOAT, dims: [], floatData: [attribute.f ?? 0] };
      case 'value_floats':
        return {
          name,
          dataType: DataType.FLOAT,
          dims: [Long.fromNumber(attribute.floats?.length ?? 0)],
          floatData: [...(attribute.floats ?? [])],
        };
      case 'value_int':
        return { name, dataType: DataType.INT64, dims: [], int64Data: [attribute.i ?? Long.ZERO] };
      case 'value_ints':
        return {
          name,
          dataType: DataType.INT64,
          dims: [Long.fromNumber(attribute.ints?.length ?? 0)],
          int64Data: [...(attribute.ints ?? [])],
        };
      default:
        break;
    }
  }
  return undefined;
}
