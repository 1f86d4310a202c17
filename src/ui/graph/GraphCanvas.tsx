import '@xyflow/react/dist/style.css';
import {
  Background,
  BezierEdge,
  Controls,
  type NodeMouseHandler,
  ReactFlow,
  useReactFlow,
  useStore,
} from '@xyflow/react';
import { useEffect, useMemo, useRef } from 'react';
import { useAppStore } from '../../store/index.ts';
import { CandidateEdge } from './CandidateEdge.tsx';
import { CanvasMiniMap } from './CanvasMiniMap.tsx';
import { FrameNode } from './FrameNode.tsx';
import type { FlowNode } from './flow-types.ts';
import { GroupNode } from './GroupNode.tsx';
import { IoNode } from './IoNode.tsx';
import { OpNode } from './OpNode.tsx';
import { innermostGroup, toFlow } from './to-flow.ts';
import { WithheldNotice } from './WithheldNotice.tsx';

// Module scope: React Flow re-mounts every node when these objects change identity.
// Not 'group': React Flow styles nodes of that type as frames of their own.
const nodeTypes = { op: OpNode, io: IoNode, scope: GroupNode, frame: FrameNode };
const edgeTypes = { candidate: CandidateEdge, value: BezierEdge };

/** Below this zoom a fitted graph is too small to read; it opens at its top at OPEN_ZOOM instead. */
const READABLE_ZOOM = 0.6;
const OPEN_ZOOM = 0.85;

/** The model graph. Only visible elements are rendered, so thousands of nodes stay responsive. */
export function GraphCanvas() {
  const view = useAppStore((s) => s.snapshot?.view);
  const name = useAppStore((s) => s.snapshot?.name);
  // Loading a model (even the same file again) makes a new source object; fusing does not.
  const modelKey = useAppStore((s) => s.source);
  const select = useAppStore((s) => s.select);
  const toggleGroup = useAppStore((s) => s.toggleGroup);
  const expanded = useAppStore((s) => s.snapshot?.view.expanded);
  const focusRequest = useAppStore((s) => s.focusRequest);
  const flow = useMemo(() => (view ? toFlow(view) : { nodes: [], edges: [] }), [view]);
  const { fitView, setCenter, getNode, setViewport } = useReactFlow();
  const canvasWidth = useStore((s) => s.width);
  const canvasHeight = useStore((s) => s.height);
  const graphWidth = view?.width ?? 0;
  const graphHeight = view?.height ?? 0;

  // A new model opens fitted when it is small enough to read that way, else at its top like
  // Netron does. The choice is made before moving: fitting a huge graph first would render every
  // node once. Fusions keep the viewport: the view object changes, the model name does not.
  const openedFor = useRef<unknown>(undefined);
  useEffect(() => {
    // Only a new model re-opens the view (the snapshot's summary object is new for each load).
    if (!name || canvasWidth === 0 || openedFor.current === modelKey) return;
    openedFor.current = modelKey;
    const fitZoom = Math.min(canvasWidth / (graphWidth || 1), canvasHeight / (graphHeight || 1)) * 0.9;
    if (fitZoom >= READABLE_ZOOM) {
      void fitView({ padding: 0.1, maxZoom: 1 });
    } else {
      void setViewport({ x: canvasWidth / 2 - (graphWidth / 2) * OPEN_ZOOM, y: 24, zoom: OPEN_ZOOM });
    }
  }, [name, modelKey, canvasWidth, canvasHeight, graphWidth, graphHeight, fitView, setViewport]);

  useEffect(() => {
    if (!focusRequest) return;
    const node = getNode(focusRequest.nodeId);
    if (!node) return;
    const { x, y } = node.position;
    void setCenter(x + (node.width ?? 0) / 2, y + (node.height ?? 0) / 2, { zoom: 1.1, duration: 300 });
  }, [focusRequest, getNode, setCenter]);

  const onNodeClick: NodeMouseHandler<FlowNode> = (_event, node) => {
    if (node.type !== 'scope' && node.type !== 'frame') void select(node.id);
  };
  // Double-click opens a closed group, closes an open one (its frame), or closes the innermost
  // open group around an op.
  const onNodeDoubleClick: NodeMouseHandler<FlowNode> = (_event, node) => {
    if (node.type === 'scope' || node.type === 'frame') {
      void toggleGroup(node.id);
      return;
    }
    const scope = innermostGroup(node.data.view.name);
    if (scope && expanded?.includes(scope)) void toggleGroup(scope);
  };

  if (view?.withheld) {
    return (
      <div className="canvas" data-testid="graph-canvas">
        <WithheldNotice nodes={view.withheld.nodes} limit={view.withheld.limit} />
      </div>
    );
  }

  return (
    <div className="canvas" data-testid="graph-canvas">
      <ReactFlow<FlowNode>
        nodes={flow.nodes}
        edges={flow.edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodeClick={onNodeClick}
        onNodeDoubleClick={onNodeDoubleClick}
        zoomOnDoubleClick={false}
        onPaneClick={() => void select(undefined)}
        onlyRenderVisibleElements
        nodesDraggable={false}
        nodesConnectable={false}
        minZoom={0.02}
        maxZoom={2.5}
      >
        <Background gap={24} />
        {view && <CanvasMiniMap view={view} />}
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
