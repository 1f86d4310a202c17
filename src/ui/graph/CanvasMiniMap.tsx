import { useReactFlow, useStore } from '@xyflow/react';
import { memo, type PointerEvent, useEffect, useRef } from 'react';
import type { GraphView, ViewNode } from '../../store/index.ts';

const WIDTH = 180;
const HEIGHT = 140;

function colour(node: ViewNode): string {
  if (node.status === 'fusible') return '#1a7f5a';
  if (node.status === 'blocked') return '#c4720a';
  if (node.fusedCount) return '#3b5bdb';
  return '#b9b9c3';
}

/**
 * An overview of the whole graph drawn on a canvas: one draw per model change, however many nodes
 * (React Flow's SVG minimap keeps an element per node, which costs seconds at 10,000 nodes).
 * The viewport is a rectangle over it; clicking or dragging moves the view there.
 */
export const CanvasMiniMap = memo(function CanvasMiniMap({ view }: { view: GraphView }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [tx, ty, zoom] = useStore((s) => s.transform);
  const paneWidth = useStore((s) => s.width);
  const paneHeight = useStore((s) => s.height);
  const { setCenter, getZoom } = useReactFlow();
  const scale = Math.min(WIDTH / Math.max(view.width, 1), HEIGHT / Math.max(view.height, 1));
  const offsetX = (WIDTH - view.width * scale) / 2;
  const offsetY = (HEIGHT - view.height * scale) / 2;

  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    context.clearRect(0, 0, WIDTH, HEIGHT);
    for (const node of view.nodes) {
      if (node.kind === 'frame') continue;
      context.fillStyle = colour(node);
      context.fillRect(
        offsetX + node.x * scale,
        offsetY + node.y * scale,
        Math.max(1, node.width * scale),
        Math.max(1, node.height * scale),
      );
    }
  }, [view, scale, offsetX, offsetY]);

  const moveTo = (event: PointerEvent<HTMLDivElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    const x = (event.clientX - box.left - offsetX) / scale;
    const y = (event.clientY - box.top - offsetY) / scale;
    void setCenter(x, y, { zoom: getZoom() });
  };

  // The visible part of the graph, in graph coordinates, mapped onto the minimap.
  const viewport = {
    left: offsetX + (-tx / zoom) * scale,
    top: offsetY + (-ty / zoom) * scale,
    width: (paneWidth / zoom) * scale,
    height: (paneHeight / zoom) * scale,
  };
  return (
    <div
      className="canvas-minimap nodrag nopan"
      role="img"
      aria-label="Mini map"
      onPointerDown={(e) => {
        e.currentTarget.setPointerCapture(e.pointerId);
        moveTo(e);
      }}
      onPointerMove={(e) => {
        if (e.buttons === 1) moveTo(e);
      }}
    >
      <canvas ref={canvas} width={WIDTH} height={HEIGHT} />
      <div className="minimap-viewport" style={viewport} />
    </div>
  );
});
