import '@xyflow/react/dist/style.css';
import './graph.css';
import {
  Background,
  BezierEdge,
  ControlButton,
  Controls,
  type NodeMouseHandler,
  ReactFlow,
  useReactFlow,
  useStore,
} from '@xyflow/react';
import { useEffect, useMemo, useRef } from 'react';
import { useAppStore } from '../../store/index.ts';
import { markChanged } from '../edit/changed-marks.ts';
import { NodeContextMenu } from '../edit/NodeContextMenu.tsx';
import { MULTI_SELECT_KEYS, useCanvasSelection } from '../edit/useCanvasSelection.ts';
import { CandidateEdge } from './CandidateEdge.tsx';
import { CanvasMiniMap } from './CanvasMiniMap.tsx';
import { FrameNode } from './FrameNode.tsx';
import type { FlowNode } from './flow-types.ts';
import { GroupNode } from './GroupNode.tsx';
import { IoNode } from './IoNode.tsx';
import { LayerLegend } from './LayerLegend.tsx';
import { OpNode } from './OpNode.tsx';
import { innermostGroup, toFlow } from './to-flow.ts';
import { useReadableFit } from './useViewportActions.ts';
import { MIN_READABLE_ZOOM } from './viewport.ts';
import { WithheldNotice } from './WithheldNotice.tsx';

// Module scope: React Flow re-mounts every node when these objects change identity.
// Not 'group': React Flow styles nodes of that type as frames of their own.
const nodeTypes = { op: OpNode, io: IoNode, scope: GroupNode, frame: FrameNode };
const edgeTypes = { candidate: CandidateEdge, value: BezierEdge };

/** A graph that fits only below MIN_READABLE_ZOOM opens at its top at this zoom instead. */
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
  const changed = useAppStore((s) => s.snapshot?.changed);
  // What the last edit changed stays marked until the next one (the snapshot carries it).
  const flow = useMemo(() => markChanged(view ? toFlow(view) : { nodes: [], edges: [] }, changed), [view, changed]);
  const { nodes, onNodesChange, onNodeClick, onNodeContextMenu, menu, closeMenu } = useCanvasSelection(flow);
  const fit = useReadableFit();
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
    if (fitZoom >= MIN_READABLE_ZOOM) {
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
        nodes={nodes}
        edges={flow.edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onNodeClick={onNodeClick}
        multiSelectionKeyCode={MULTI_SELECT_KEYS}
        onNodeDoubleClick={onNodeDoubleClick}
        onNodeContextMenu={onNodeContextMenu}
        onMoveStart={closeMenu}
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
        <Controls showInteractive={false} showFitView={false}>
          <ControlButton onClick={fit} title="Fit view (F)" aria-label="Fit view">
            <svg viewBox="0 0 16 16" aria-hidden="true">
              <path d="M1 5V1h4M11 1h4v4M15 11v4h-4M5 15H1v-4" fill="none" stroke="currentColor" strokeWidth="1.6" />
            </svg>
          </ControlButton>
        </Controls>
      </ReactFlow>
      <LayerLegend />
      {menu && <NodeContextMenu place={menu} onClose={closeMenu} />}
    </div>
  );
}
