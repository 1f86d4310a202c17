import type { Rect, Size, Viewport } from '../graph/viewport.ts';

/**
 * The other canvas's viewport once this one moved from `before` to `after`: the same pan and
 * zoom in screen space. A viewport maps a graph point p to p × zoom + (x, y), so a zoom by r
 * about a screen point s takes x to s(1 − r) + x·r; applied to both canvases, what was under the
 * pointer on one stays under the same place on the other, and a pan moves both by as much.
 */
export function follow(before: Viewport, after: Viewport, other: Viewport): Viewport {
  const r = after.zoom / before.zoom;
  return { x: other.x * r + (after.x - before.x * r), y: other.y * r + (after.y - before.y * r), zoom: other.zoom * r };
}

/** The viewport at `zoom` with the middle of `box` in the middle of the canvas. */
export function centredOn(canvas: Size, box: Rect, zoom: number): Viewport {
  return {
    x: canvas.width / 2 - (box.x + box.width / 2) * zoom,
    y: canvas.height / 2 - (box.y + box.height / 2) * zoom,
    zoom,
  };
}

/** Whether two viewports are the same (React Flow reports its own moves back; those are not news). */
export function sameViewport(a: Viewport, b: Viewport): boolean {
  return Math.abs(a.x - b.x) < 0.01 && Math.abs(a.y - b.y) < 0.01 && Math.abs(a.zoom - b.zoom) < 1e-6;
}
