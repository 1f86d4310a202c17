import type { TensorProto } from '../../onnx/types.ts';
import type { ConstTensor } from '../evaluate/index.ts';
import { fromTensorProto } from '../evaluate/index.ts';
import type { Symbols } from './symbols.ts';
import type { SymbolicValue, ValueShape } from './types.ts';

/** Largest constant inference computes or reads: shape arithmetic is small; weights are not needed. */
export const INFERENCE_CONST_BYTES = 1 << 16;

/**
 * What inference knows in one graph, falling back to the graphs around it for captured names.
 * Initializers are read into constants lazily, and only small ones.
 */
export class GraphContext {
  readonly shapes = new Map<string, ValueShape>();
  readonly constants = new Map<string, ConstTensor>();
  readonly symbolic = new Map<string, SymbolicValue>();
  /** Initializers that are constants (not overridable inputs), read on first use. */
  readonly initializers = new Map<string, TensorProto>();
  /** Names defined in this graph that are not constants even if an outer graph has one by that name. */
  readonly shadowed = new Set<string>();

  constructor(
    readonly path: string,
    readonly parent: GraphContext | undefined,
    readonly symbols: Symbols,
    readonly opset: number,
  ) {}

  private owner(name: string): GraphContext | undefined {
    for (let c: GraphContext | undefined = this; c; c = c.parent) {
      if (c.shapes.has(name) || c.initializers.has(name) || c.shadowed.has(name)) return c;
    }
    return undefined;
  }

  shape(name: string): ValueShape | undefined {
    return this.owner(name)?.shapes.get(name);
  }

  constant(name: string): ConstTensor | undefined {
    const c = this.owner(name);
    if (!c) return undefined;
    const known = c.constants.get(name);
    if (known) return known;
    const proto = c.initializers.get(name);
    if (!proto) return undefined;
    const read = fromTensorProto(proto, INFERENCE_CONST_BYTES);
    if (!read.ok) return undefined;
    c.constants.set(name, read.tensor);
    return read.tensor;
  }

  symbolicValue(name: string): SymbolicValue | undefined {
    return this.owner(name)?.symbolic.get(name);
  }
}
