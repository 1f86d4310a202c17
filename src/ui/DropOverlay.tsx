import './drop-overlay.css';

/**
 * Shown while files are dragged over the page: a backdrop that hides the graph, so the hint is not
 * read over nodes and edges, and a card with the hint. It takes the drag events itself (rather
 * than the canvas under it); useFileDrop listens on the window, where they arrive all the same.
 */
export function DropOverlay() {
  return (
    <div className="drop-overlay" data-testid="drop-overlay">
      <div className="drop-hint">Drop an ONNX model (and its side files) to open it</div>
    </div>
  );
}
