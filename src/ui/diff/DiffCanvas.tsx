import '@xyflow/react/dist/style.css';
import { Background, BezierEdge, type NodeMouseHandler, ReactFlow, ReactFlowProvider } from '@xyflow/react';
import { memo, useMemo } from 'react';
import type { DiffSide, GraphView } from '../../store/index.ts';
import { FrameNode } from '../graph/FrameNode.tsx';
import type { FlowNode } from '../graph/flow-types.ts';
import { GroupNode } from '../graph/GroupNode.tsx';
import { IoNode } from '../graph/IoNode.tsx';
import { OpNode } from '../graph/OpNode.tsx';
import { withSelection } from '../graph/to-flow.ts';
import type { Viewport } from '../graph/viewport.ts';
import { diffFlow } from './diff-flow.ts';
import type { DiffMark } from './diff-marks.ts';

// Module scope, as on the main canvas: React Flow re-mounts every node when these change identity.
const nodeTypes = { op: OpNode, io: IoNode, scope: GroupNode, frame: FrameNode };
const edgeTypes = { value: BezierEdge };

interface Props {
  side: DiffSide;
  /** "Original" or "Current", and the model's name: the canvas's accessible name and heading. */
  label: string;
  view: GraphView;
  marks: ReadonlyMap<string, DiffMark>;
  viewport: Viewport;
  selected: string | undefined;
  onMove: (side: DiffSide, viewport: Viewport) => void;
  onSelect: (side: DiffSide, nodeId: string | undefined) => void;
  onToggleGroup: (groupId: string) => void;
}

/**
 * One side of the diff: the graph drawn with the main canvas's cards, coloured by change. Its
 * viewport is held by the diff view (controlled), which moves the other side with it.
 */
export const DiffCanvas = memo(function DiffCanvas(props: Props) {
  const { side, label, view, marks, viewport, selected, onMove, onSelect, onToggleGroup } = props;
  const flow = useMemo(() => diffFlow(view, marks), [view, marks]);
  const nodes = useMemo(() => withSelection(flow.nodes, selected ? [selected] : []), [flow, selected]);
  const onNodeClick: NodeMouseHandler<FlowNode> = (_event, node) => {
    if (node.type !== 'frame') onSelect(side, node.id);
  };
  const onNodeDoubleClick: NodeMouseHandler<FlowNode> = (_event, node) => {
    if (node.type === 'scope' || node.type === 'frame') onToggleGroup(node.id);
  };
  return (
    <section className="diff-side" aria-label={label} data-testid={`diff-${side}`}>
      <h3 className="diff-side-title">{label}</h3>
      {view.withheld ? (
        <p className="diff-withheld">
          {view.withheld.nodes.toLocaleString('en')} nodes: too many to draw side by side. The list of changes still
          holds every one.
        </p>
      ) : (
        <ReactFlowProvider>
          <ReactFlow<FlowNode>
            nodes={nodes}
            edges={flow.edges}
            nodeTypes={nodeTypes}
            edgeTypes={edgeTypes}
            viewport={viewport}
            onViewportChange={(next) => onMove(side, next)}
            onNodeClick={onNodeClick}
            onNodeDoubleClick={onNodeDoubleClick}
            onPaneClick={() => onSelect(side, undefined)}
            zoomOnDoubleClick={false}
            onlyRenderVisibleElements
            nodesDraggable={false}
            nodesConnectable={false}
            minZoom={0.02}
            maxZoom={2.5}
          >
            <Background gap={24} />
          </ReactFlow>
        </ReactFlowProvider>
      )}
    </section>
  );
});
