/** What the page draws: plain data made in the worker, read by the React Flow components. */

export type CandidateStatus = 'fusible' | 'blocked' | 'fused';

export interface TensorChip {
  name: string;
  /** e.g. "float32[64,3,7,7]" */
  type: string;
}

export interface ViewNode {
  /** Stable across fusions for named nodes: the node name, or op and output when unnamed. */
  id: string;
  kind: 'op' | 'input' | 'output' | 'group' | 'frame';
  /** Position of an op node in the graph's node list (for details); absent for inputs and outputs. */
  index?: number;
  op: string;
  name: string;
  /** Short attribute summaries ("k 3×3", "s 2", "g 32"). */
  attributes: string[];
  /** Weights and other stored tensors the node reads, drawn on the node rather than as nodes. */
  chips: TensorChip[];
  x: number;
  y: number;
  width: number;
  height: number;
  /** Candidate this node takes part in, if any, and its state. */
  candidateId?: string;
  /** In its candidate, the node that stays (and gets the fuse button) or the one folded away. */
  candidateRole?: 'kept' | 'folded';
  status?: CandidateStatus;
  /** Why the candidate is blocked (shown on hover and in the panel). */
  reason?: string;
  /** This node has absorbed fused nodes (how many). */
  fusedCount?: number;
  /** For an open group's frame: how deep it is (1 for a top-level group). */
  depth?: number;
  /** For a closed name-scope group: what it holds. */
  group?: { nodes: number; fusible: number; blocked: number; fused: number };
}

/** An op of the graph, drawn or inside a closed group: what search looks through. */
export interface SearchEntry {
  id: string;
  name: string;
  op: string;
}

export interface ViewEdge {
  id: string;
  source: string;
  target: string;
  /** The value carried, and its shape when known. */
  value: string;
  label: string;
  candidateId?: string;
  status?: CandidateStatus;
}

export interface GraphView {
  nodes: ViewNode[];
  edges: ViewEdge[];
  /** Every op, including those inside closed groups. */
  search: SearchEntry[];
  /** Groups that are open; ops in any other group are drawn as that group. */
  expanded: string[];
  width: number;
  height: number;
  /**
   * Set when the view would draw more than the auto-layout limit: nothing is laid out or drawn
   * until the user asks for it (the candidate list, search and fusion work regardless).
   */
  withheld?: { nodes: number; limit: number };
}
