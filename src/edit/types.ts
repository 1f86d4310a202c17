/**
 * The editor's vocabulary: one typed union of plain, serialisable edit operations. The page's
 * history, undo/redo, crash replay, recipes and `bnfold edit` all run over lists of these, so
 * everything here crosses threads and goes into JSON as it is.
 *
 * Nodes are named by node name; a node without a name by its index in the main graph as `#17`.
 */

/** A dimension of an input shape: a size, or a symbolic name such as `"N"`. */
export type EditDim = number | string;

/** An attribute value as JSON holds it; `type` says how to read it (a new attribute needs it). */
export type AttributeType = 'int' | 'float' | 'string' | 'ints' | 'floats' | 'strings' | 'tensor';

/** A tensor attribute's value: dtype name (`float32`, `int64`, …), dims and values. */
export interface TensorValue {
  dtype: string;
  dims: number[];
  values: number[];
}

export type AttributeValue = number | string | number[] | string[] | TensorValue;

export type EditOp =
  /** Conv/BN-family fusions by candidate id (as `findFusions` gives them). */
  | { op: 'fuse'; ids: string[] }
  /** Every fusible Conv/BN-family candidate, round after round. */
  | { op: 'fuse-all' }
  /** The optimizer's passes (all when `passes` is absent; registry names, run in registry order). */
  | { op: 'optimize'; passes?: string[]; only?: string[] }
  /** Sets one graph input's shape; shapes downstream are recomputed. */
  | { op: 'set-input-shape'; input: string; dims: EditDim[] }
  /** Renames a value (graph input, output or any value) everywhere it is read or written. */
  | { op: 'rename'; value: string; to: string }
  /**
   * Deletes a node. Refused while another node reads its outputs, unless `downstream`, which
   * deletes every node depending on it; outputs left without a producer are dropped, and
   * initializers and Constant nodes nobody reads any more go. Deleting every output is refused.
   */
  | { op: 'delete-node'; node: string; downstream?: boolean }
  /** Makes a value a graph output (type and shape filled in where known). */
  | { op: 'add-output'; value: string }
  /** Drops a graph output (refused for the last one). */
  | { op: 'remove-output'; value: string }
  /** Sets (or adds, with `type`) a node attribute. */
  | { op: 'set-attribute'; node: string; name: string; value: AttributeValue; type?: AttributeType }
  /**
   * Replaces an initializer's values from a `.npy` file (a path relative to the recipe; the page
   * keeps the file's bytes beside the history). dtype and shape must match unless `reshape`.
   */
  | { op: 'set-initializer'; name: string; npy: string; reshape?: boolean }
  /** The subgraph between these values, as `onnx.utils.extract_model` defines it. */
  | { op: 'extract'; inputs: string[]; outputs: string[] };

export type EditOpName = EditOp['op'];

/** A recipe file: `{"bnfold": 1, "steps": [...]}`. */
export interface Recipe {
  bnfold: 1;
  steps: EditOp[];
}
