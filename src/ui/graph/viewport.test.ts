import { describe, expect, it } from 'vitest';
import type { GraphView, ViewNode } from '../../layout/types.ts';
import { anchorFor, focusOn, MIN_READABLE_ZOOM, readableFit, viewportKeeping } from './viewport.ts';

const canvas = { width: 1000, height: 800 };
const node = (id: string, x: number, y: number): ViewNode => ({
  id,
  kind: 'op',
  op: 'Conv',
  name: id,
  attributes: [],
  chips: [],
  x,
  y,
  width: 196,
  height: 60,
});
/** Where a graph point lands on the canvas. */
const screen = (v: { x: number; y: number; zoom: number }, p: { x: number; y: number }) => ({
  x: p.x * v.zoom + v.x,
  y: p.y * v.zoom + v.y,
});

describe('fit view stays readable', () => {
  it('fits a small graph whole, no larger than its natural size', () => {
    const v = readableFit(canvas, { x: 0, y: 0, width: 400, height: 300 }, { x: 0, y: 0, zoom: 1 });
    expect(v.zoom).toBe(1);
    expect(screen(v, { x: 200, y: 150 })).toEqual({ x: 500, y: 400 });
  });

  it('fits a long chain to its width at a readable zoom, staying where the view was along it', () => {
    const chain = { x: 0, y: 0, width: 300, height: 60_000 };
    const current = { x: 100, y: -20_000 * 0.1, zoom: 0.1 };
    const v = readableFit(canvas, chain, current);
    expect(v.zoom).toBeGreaterThanOrEqual(MIN_READABLE_ZOOM);
    // The chain's middle across, and the point that was in the middle of the canvas still is.
    expect(screen(v, { x: 150, y: 0 }).x).toBeCloseTo(500);
    const wasInMiddle = (canvas.height / 2 - current.y) / current.zoom;
    expect(screen(v, { x: 0, y: wasInMiddle }).y).toBeCloseTo(400);
  });

  it('never shows empty space past the ends of a long graph, and a graph huge both ways at the readable zoom', () => {
    const chain = { x: 0, y: 0, width: 300, height: 60_000 };
    const atTop = readableFit(canvas, chain, { x: 0, y: 5000, zoom: 0.1 });
    expect(screen(atTop, { x: 0, y: 0 }).y).toBeCloseTo(0);
    const huge = readableFit(canvas, { x: 0, y: 0, width: 50_000, height: 60_000 }, { x: 0, y: 0, zoom: 0.02 });
    expect(huge.zoom).toBe(MIN_READABLE_ZOOM);
  });

  it('with a selection, fits the node and its neighbours, or the node alone when they are far apart', () => {
    const view = {
      nodes: [node('a', 0, 0), node('b', 0, 120), node('c', 0, 240), node('far', 3000, 9000)],
      edges: [
        { id: 'ab', source: 'a', target: 'b', value: '', label: '' },
        { id: 'bc', source: 'b', target: 'c', value: '', label: '' },
        { id: 'far', source: 'far', target: 'c', value: '', label: '' },
      ],
    } as unknown as GraphView;
    const graph = { x: 0, y: 0, width: 3196, height: 9060 };
    const current = { x: 0, y: 0, zoom: 0.05 };
    const near = readableFit(canvas, graph, current, focusOn(view, 'b'));
    expect(near.zoom).toBe(1);
    for (const id of ['a', 'b', 'c']) {
      const at = screen(near, view.nodes.find((n) => n.id === id) as ViewNode);
      expect(at.y).toBeGreaterThanOrEqual(0);
      expect(at.y + 60).toBeLessThanOrEqual(canvas.height);
    }
    const apart = readableFit(canvas, graph, current, focusOn(view, 'c'));
    expect(apart.zoom).toBe(MIN_READABLE_ZOOM);
    expect(screen(apart, { x: 98, y: 270 })).toEqual({ x: 500, y: 400 });
    expect(focusOn(view, 'missing')).toBeUndefined();
  });
});

describe('re-layout keeps the view on its node', () => {
  const before = [node('a', 0, 0), node('b', 0, 400), node('c', 0, 800)];
  const after = [node('a', 0, 0), node('b', 0, 120), node('c', 0, 240)];
  const viewport = { x: 300, y: -200, zoom: 1 };

  it('keeps the selected node where it was on screen', () => {
    const anchor = anchorFor(canvas, viewport, before, 'c');
    const next = viewportKeeping(anchor as NonNullable<typeof anchor>, after, viewport.zoom);
    expect(screen(next as NonNullable<typeof next>, { x: 98, y: 270 })).toEqual(screen(viewport, { x: 98, y: 830 }));
  });

  it('brings a selected node that was out of view to the middle; without one, keeps the node nearest the middle', () => {
    const away = { x: 300, y: -5000, zoom: 1 };
    const anchor = anchorFor(canvas, away, before, 'a');
    expect(anchor?.screen).toEqual({ x: 500, y: 400 });
    // Node b's centre (98, 430) is at (398, 230) on screen, the nearest to (500, 400).
    const middle = anchorFor(canvas, viewport, before, undefined);
    expect(middle).toEqual({ id: 'b', screen: { x: 398, y: 230 } });
  });
});
