/**
 * Viewport arithmetic for the canvas, pure so that it is tested without a browser. A React Flow
 * viewport maps a graph point p to the screen point p × zoom + (x, y), relative to the canvas.
 */
import type { GraphView, ViewNode } from '../../layout/types.ts';

export interface Size {
  width: number;
  height: number;
}

export interface Rect extends Size {
  x: number;
  y: number;
}

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

/**
 * The smallest zoom at which a node card can be read: its 11 px name is about 7 px on screen.
 * Above SIMPLE_BELOW_ZOOM (0.45), where cards lose their text. Fitting never goes below it.
 */
export const MIN_READABLE_ZOOM = 0.6;
/** Fitting a small graph does not blow it up past its natural size. */
const MAX_FIT_ZOOM = 1;
/** Share of the canvas left empty around what is fitted. */
const PADDING = 0.1;

/** What a fit centres on: the selected node, and the box around it and its neighbours. */
export interface Focus {
  node: Rect;
  around: Rect;
}

/**
 * "Fit view" that stays readable. With a focus: the node and its neighbours, or, when they are too
 * far apart to read at once, the node alone at the readable zoom. Without: the whole graph when it
 * is readable that way; else a long graph is fitted to its width (a wide one to its height) at no
 * less than the readable zoom, staying where the view was along the rest.
 */
export function readableFit(canvas: Size, graph: Rect, current: Viewport, focus?: Focus): Viewport {
  if (focus) {
    const zoom = clamp(fitZoom(canvas, focus.around), MIN_READABLE_ZOOM, MAX_FIT_ZOOM);
    const fits = focus.around.width * zoom <= canvas.width && focus.around.height * zoom <= canvas.height;
    return centredOn(canvas, fits ? focus.around : focus.node, zoom);
  }
  const whole = fitZoom(canvas, graph);
  if (whole >= MIN_READABLE_ZOOM) return centredOn(canvas, graph, Math.min(whole, MAX_FIT_ZOOM));
  // The short side fitted (the width of a tall graph); if even that is unreadable, as with a graph
  // huge both ways, the readable zoom.
  const shortSide = Math.max(zoomFor(canvas.width, graph.width), zoomFor(canvas.height, graph.height));
  const zoom = clamp(shortSide, MIN_READABLE_ZOOM, MAX_FIT_ZOOM);
  const centre = {
    x: axisCentre(canvas.width, graph.x, graph.width, zoom, (canvas.width / 2 - current.x) / current.zoom),
    y: axisCentre(canvas.height, graph.y, graph.height, zoom, (canvas.height / 2 - current.y) / current.zoom),
  };
  return { x: canvas.width / 2 - centre.x * zoom, y: canvas.height / 2 - centre.y * zoom, zoom };
}

/** The selected node (when it is drawn) and the box around it and the nodes it shares an edge with. */
export function focusOn(view: GraphView, nodeId: string | undefined): Focus | undefined {
  if (!nodeId) return undefined;
  const byId = new Map(view.nodes.filter((n) => n.kind !== 'frame').map((n) => [n.id, n]));
  const node = byId.get(nodeId);
  if (!node) return undefined;
  const boxes: Rect[] = [node];
  for (const e of view.edges) {
    const other = e.source === nodeId ? e.target : e.target === nodeId ? e.source : undefined;
    const neighbour = other === undefined ? undefined : byId.get(other);
    if (neighbour) boxes.push(neighbour);
  }
  return { node: rectOf(node), around: bounds(boxes) };
}

/** A node's place on the screen, to keep it there when the layout changes under it. */
export interface Anchor {
  id: string;
  /** Where its centre is (or is to be) on the canvas. */
  screen: { x: number; y: number };
}

/**
 * What to keep in place across a re-layout: the selected node where it is on screen (or in the
 * middle, when it was out of view); without one, the node nearest the middle of the canvas.
 */
export function anchorFor(
  canvas: Size,
  viewport: Viewport,
  nodes: readonly ViewNode[],
  selected: string | undefined,
): Anchor | undefined {
  const middle = { x: canvas.width / 2, y: canvas.height / 2 };
  const onScreen = (n: Rect) => ({
    x: (n.x + n.width / 2) * viewport.zoom + viewport.x,
    y: (n.y + n.height / 2) * viewport.zoom + viewport.y,
  });
  const drawn = nodes.filter((n) => n.kind !== 'frame');
  const chosen = drawn.find((n) => n.id === selected);
  if (chosen) {
    const at = onScreen(chosen);
    const visible = at.x >= 0 && at.y >= 0 && at.x <= canvas.width && at.y <= canvas.height;
    return { id: chosen.id, screen: visible ? at : middle };
  }
  let nearest: { id: string; screen: { x: number; y: number }; distance: number } | undefined;
  for (const n of drawn) {
    const at = onScreen(n);
    const distance = Math.hypot(at.x - middle.x, at.y - middle.y);
    if (!nearest || distance < nearest.distance) nearest = { id: n.id, screen: at, distance };
  }
  return nearest && { id: nearest.id, screen: nearest.screen };
}

/** The viewport at `zoom` that puts the anchor's node, at its new place, where it was on screen. */
export function viewportKeeping(anchor: Anchor, nodes: readonly ViewNode[], zoom: number): Viewport | undefined {
  const node = nodes.find((n) => n.id === anchor.id && n.kind !== 'frame');
  if (!node) return undefined;
  return {
    x: anchor.screen.x - (node.x + node.width / 2) * zoom,
    y: anchor.screen.y - (node.y + node.height / 2) * zoom,
    zoom,
  };
}

function zoomFor(canvasExtent: number, extent: number): number {
  return (canvasExtent * (1 - PADDING)) / Math.max(extent, 1);
}

function fitZoom(canvas: Size, box: Size): number {
  return Math.min(zoomFor(canvas.width, box.width), zoomFor(canvas.height, box.height));
}

function centredOn(canvas: Size, box: Rect, zoom: number): Viewport {
  return {
    x: canvas.width / 2 - (box.x + box.width / 2) * zoom,
    y: canvas.height / 2 - (box.y + box.height / 2) * zoom,
    zoom,
  };
}

/**
 * The graph's middle along an axis when it fits the canvas there; else where the view was,
 * moved just enough that no empty space shows past the graph's ends.
 */
function axisCentre(canvasExtent: number, start: number, extent: number, zoom: number, was: number): number {
  const half = canvasExtent / 2 / zoom;
  if (extent <= 2 * half) return start + extent / 2;
  return clamp(was, start + half, start + extent - half);
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

function rectOf(n: Rect): Rect {
  return { x: n.x, y: n.y, width: n.width, height: n.height };
}

function bounds(boxes: readonly Rect[]): Rect {
  let [left, top, right, bottom] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const b of boxes) {
    left = Math.min(left, b.x);
    top = Math.min(top, b.y);
    right = Math.max(right, b.x + b.width);
    bottom = Math.max(bottom, b.y + b.height);
  }
  return { x: left, y: top, width: right - left, height: bottom - top };
}
