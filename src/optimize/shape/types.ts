import type { ConstTensor } from '../evaluate/index.ts';

/**
 * One dimension: a size, or a symbol. A symbol is an input's dim_param kept as written ("batch")
 * or a fresh name ("unk_3") for a size known only at run time. Within one model's inference,
 * equal symbols mean equal sizes; different symbols may still be equal.
 */
export type Dim = number | string;

/** What inference knows about a value: its element type and, when the rank is known, its dims. */
export interface ValueShape {
  /** ONNX element type code (TensorProto.DataType); 0 when unknown. */
  elemType: number;
  /** undefined: the rank is unknown. */
  dims?: Dim[];
}

/**
 * The result of {@link inferShapes}: for each graph, by its path ("main",
 * "main/If_0.then_branch": src/fusion/scope.ts's convention), each value's shape. A subgraph's map
 * holds the values it defines; values it captures are in the maps of the graphs around it
 * (see {@link lookupShape}).
 */
export interface InferredShapes {
  graphs: Map<string, Map<string, ValueShape>>;
  /**
   * Values whose content inference worked out (shape arithmetic, small constants), by graph path
   * and name, from the constant evaluator: `Shape` of a value whose dims are all known is here.
   * Initializers are not copied in (read them from the model).
   */
  constants: Map<string, Map<string, ConstTensor>>;
  /**
   * Small integer values whose elements are known as dims, some symbolic (`Shape(x)` of an x with
   * a symbolic batch, and what Gather/Concat/… made of it), by graph path and name.
   */
  symbolic: Map<string, Map<string, SymbolicValue>>;
}

/**
 * A small integer tensor (rank 0 or 1) whose elements are known as dims: the value of
 * `Shape(x)` when some of x's dims are symbolic, and what Gather/Slice/Concat/… make of it.
 */
export interface SymbolicValue {
  elemType: number;
  scalar: boolean;
  elems: Dim[];
}
