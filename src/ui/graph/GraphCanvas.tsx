import '@xyflow/react/dist/style.css';
import {
  Background,
  BezierEdge,
  Controls,
  MiniMap,
  type NodeMouseHandler,
  ReactFlow,
  useReactFlow,
  useStore,
} from '@xyflow/react';
import { useEffect, useMemo } from 'react';
import { useAppStore } from '../../store/index.ts';
import { CandidateEdge } from './CandidateEdge.tsx';
import type { FlowNode } from './flow-types.ts';
import { IoNode } from './IoNode.tsx';
import { OpNode } from './OpNode.tsx';
import { toFlow } from './to-flow.ts';

// Module scope: React Flow re-mounts every node when these objects change identity.
const nodeTypes = { op: OpNode, io: IoNode };
const edgeTypes = { candidate: CandidateEdge, value: BezierEdge };

/** Below this zoom a fitted graph is too small to read; it opens at its top at OPEN_ZOOM instead. */
const READABLE_ZOOM = 0.6;
const OPEN_ZOOM = 0.85;

function minimapColor(node: FlowNode): string {
  const view = node.data.view;
  if (view.status === 'fusible') return '#1a7f5a';
  if (view.status === 'blocked') return '#c4720a';
  if (view.fusedCount) return '#3b5bdb';
  return '#c7c7cf';
}

/** The model graph. Only visible elements are rendered, so thousands of nodes stay responsive. */
export function GraphCanvas() {
  const view = useAppStore((s) => s.snapshot?.view);
  const name = useAppStore((s) => s.snapshot?.name);
  const select = useAppStore((s) => s.select);
  const focusRequest = useAppStore((s) => s.focusRequest);
  const flow = useMemo(() => (view ? toFlow(view) : { nodes: [], edges: [] }), [view]);
  const { fitView, setCenter, getNode, getZoom, setViewport } = useReactFlow();
  const canvasWidth = useStore((s) => s.width);
  const graphWidth = view?.width ?? 0;

  // A new model opens fitted when it is small enough to read that way, else at its top like
  // Netron does. Fusions keep the viewport: the view object changes, the model name does not.
  useEffect(() => {
    if (!name) return;
    requestAnimationFrame(() => {
      void fitView({ padding: 0.1, maxZoom: 1 }).then(() => {
        if (getZoom() >= READABLE_ZOOM) return;
        void setViewport({ x: canvasWidth / 2 - (graphWidth / 2) * OPEN_ZOOM, y: 24, zoom: OPEN_ZOOM });
      });
    });
  }, [name, fitView, getZoom, setViewport, canvasWidth, graphWidth]);

  useEffect(() => {
    if (!focusRequest) return;
    const node = getNode(focusRequest.nodeId);
    if (!node) return;
    const { x, y } = node.position;
    void setCenter(x + (node.width ?? 0) / 2, y + (node.height ?? 0) / 2, { zoom: 1.1, duration: 300 });
  }, [focusRequest, getNode, setCenter]);

  const onNodeClick: NodeMouseHandler<FlowNode> = (_event, node) => void select(node.id);

  return (
    <div className="canvas" data-testid="graph-canvas">
      <ReactFlow<FlowNode>
        nodes={flow.nodes}
        edges={flow.edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodeClick={onNodeClick}
        onPaneClick={() => void select(undefined)}
        onlyRenderVisibleElements
        nodesDraggable={false}
        nodesConnectable={false}
        minZoom={0.02}
        maxZoom={2.5}
      >
        <Background gap={24} />
        <MiniMap<FlowNode> pannable zoomable nodeColor={minimapColor} ariaLabel="Mini map" />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
