import { DataType } from '../../onnx/dtype.ts';
import type { NodeProto } from '../../onnx/types.ts';
import type { ConstTensor } from '../evaluate/index.ts';
import type { GraphContext } from './context.ts';
import type { Symbols } from './symbols.ts';
import type { Dim, SymbolicValue, ValueShape } from './types.ts';

/** A node as the shape rules see it: its inputs' shapes and, where known, their contents. */
export class NodeView {
  constructor(
    readonly node: NodeProto,
    readonly ctx: GraphContext,
  ) {}

  get opset(): number {
    return this.ctx.opset;
  }

  get symbols(): Symbols {
    return this.ctx.symbols;
  }

  get inputCount(): number {
    return this.node.input?.length ?? 0;
  }

  /** True when input i is named (not omitted). */
  has(i: number): boolean {
    return Boolean(this.node.input?.[i]);
  }

  shape(i: number): ValueShape | undefined {
    const name = this.node.input?.[i];
    return name ? this.ctx.shape(name) : undefined;
  }

  dims(i: number): Dim[] | undefined {
    return this.shape(i)?.dims;
  }

  elemType(i: number): number {
    return this.shape(i)?.elemType ?? 0;
  }

  constant(i: number): ConstTensor | undefined {
    const name = this.node.input?.[i];
    return name ? this.ctx.constant(name) : undefined;
  }

  /**
   * Input i as dims when its elements are known, as numbers or symbols: a constant integer
   * tensor, or a symbolic value (Shape of a partly symbolic value and what came of it).
   */
  values(i: number): SymbolicValue | undefined {
    const name = this.node.input?.[i];
    if (!name) return undefined;
    const t = this.ctx.constant(name);
    if (t) {
      if (t.dims.length > 1 || t.data.length > 64) return undefined;
      if (t.dataType !== DataType.INT64 && t.dataType !== DataType.INT32) return undefined;
      const elems = Array.from(t.data as ArrayLike<number | bigint>, (v) => {
        const n = Number(v);
        return Number.isSafeInteger(n) ? n : n > 0 ? Number.MAX_SAFE_INTEGER : -Number.MAX_SAFE_INTEGER;
      });
      return { elemType: t.dataType, scalar: t.dims.length === 0, elems };
    }
    return this.ctx.symbolicValue(name);
  }

  /** Input i's elements when all are numbers (axes, pads, scales as ints). */
  ints(i: number): number[] | undefined {
    const v = this.values(i);
    if (!v || v.elems.some((d) => typeof d !== 'number')) return undefined;
    return v.elems as number[];
  }

  /** A float constant's values (Resize scales). */
  floats(i: number): number[] | undefined {
    const t = this.constant(i);
    if (!t || t.data.length > 64) return undefined;
    return Array.from(t.data as ArrayLike<number | bigint>, Number);
  }
}

export const unknown = (elemType = 0): ValueShape => ({ elemType });
export const shaped = (elemType: number, dims: Dim[] | undefined): ValueShape =>
  dims ? { elemType, dims } : { elemType };
