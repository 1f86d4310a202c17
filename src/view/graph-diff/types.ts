/**
 * What changed between two models, node by node: plain data (it crosses from the worker to the
 * page). "Original" is the model as opened, "current" the model after edits.
 */

/** A node of one side: its place in its graph's node list, its name and op (model text: show as text). */
export interface DiffNode {
  index: number;
  name: string;
  /** "Conv", or "com.microsoft.FusedConv" outside the default domain. */
  op: string;
}

/** One way a matched node differs. `from` is the original side, `to` the current one. */
export type NodeDifference =
  | { kind: 'op'; from: string; to: string }
  | { kind: 'renamed'; from: string; to: string }
  /** An attribute added (no `from`), removed (no `to`) or changed, by name. */
  | { kind: 'attribute'; name: string; from?: string; to?: string }
  /**
   * A stored tensor read at an input slot (an initializer or a Constant's value): its values,
   * dims or dtype changed, or a weight was added to or removed from the slot. `slot` is the
   * input's name in the op's schema ("W", "B") or "input 3".
   */
  | {
      kind: 'weight';
      slot: string;
      change: 'values' | 'dims' | 'dtype' | 'added' | 'removed';
      from?: string;
      to?: string;
    }
  /** A data input now comes from elsewhere (`from`/`to` say from where), or was added or removed. */
  | { kind: 'input'; slot: string; from?: string; to?: string }
  | { kind: 'outputs'; from: number; to: number }
  /** Something changed in a subgraph this node holds (If branch, Loop or Scan body). */
  | { kind: 'body'; attribute: string; removed: number; added: number; changed: number };

export type ChangeStatus = 'removed' | 'added' | 'changed';

export interface NodeChange {
  status: ChangeStatus;
  /** "main", or the path of a subgraph: "main/<If node>.then_branch". */
  graph: string;
  /** The node in the original model (removed and changed). */
  original?: DiffNode;
  /** The node in the current model (added and changed). */
  current?: DiffNode;
  /** For a changed node, what differs; empty for removed and added nodes. */
  differences: NodeDifference[];
  /**
   * Index in each side's main graph of the node that shows this change: the node itself, or the
   * If/Loop/Scan node whose body holds it (only the main graph is drawn).
   */
  anchor: { original?: number; current?: number };
}

/** A graph input or output added, removed, or whose type changed (main graph). */
export interface ValueChange {
  status: ChangeStatus;
  kind: 'input' | 'output';
  name: string;
  /** Its type as text, "float32[1,3,224,224]": original and current. */
  from?: string;
  to?: string;
}

export interface DiffCounts {
  removed: number;
  added: number;
  changed: number;
  /** Nodes matched and found the same. */
  unchanged: number;
}

export interface GraphDiff {
  /**
   * Every node removed, added or changed, in every graph: in the current graph's node order, each
   * removed node where it stood in the original, a subgraph's changes after the node holding it.
   */
  nodes: NodeChange[];
  values: ValueChange[];
  /**
   * Matched main-graph nodes as [original index, current index], changed or not: what lets the
   * page select a node's counterpart on the other side.
   */
  matched: [number, number][];
  /** Over every graph (subgraph nodes included). */
  counts: DiffCounts;
}
