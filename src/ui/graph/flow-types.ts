import type { Edge, Node } from '@xyflow/react';
import type { ViewEdge, ViewNode } from '../../store/index.ts';

export type OpFlowNode = Node<{ view: ViewNode }, 'op'>;
export type IoFlowNode = Node<{ view: ViewNode }, 'io'>;
export type GroupFlowNode = Node<{ view: ViewNode }, 'scope'>;
export type FrameFlowNode = Node<{ view: ViewNode }, 'frame'>;
export type FlowNode = OpFlowNode | IoFlowNode | GroupFlowNode | FrameFlowNode;
export type CandidateFlowEdge = Edge<{ view: ViewEdge }, 'candidate'>;
export type FlowEdge = CandidateFlowEdge | Edge<{ view: ViewEdge }, 'value'>;

/** Below this zoom nodes are drawn as plain boxes: thousands of detailed cards are slow and unreadable. */
export const SIMPLE_BELOW_ZOOM = 0.45;
