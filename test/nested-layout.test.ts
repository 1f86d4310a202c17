import { describe, expect, it } from 'vitest';
import { buildLargeChain, buildTransformerLike } from '../src/fixtures/large-models.ts';
import { buildResNetLike } from '../src/fixtures/models.ts';
import { buildFullGraph, composeView, type GraphView, nestedLayoutOf, scopeOf } from '../src/layout/index.ts';
import { groupId } from '../src/layout/scopes.ts';
import type { ModelProto } from '../src/onnx/types.ts';

const fullOf = (model: ModelProto) => buildFullGraph(model.graph ?? {}, { candidates: [], fusedByOutput: new Map() });

type Box = { x: number; y: number; width: number; height: number };
const inside = (a: Box, b: Box) =>
  a.x >= b.x && a.y >= b.y && a.x + a.width <= b.x + b.width && a.y + a.height <= b.y + b.height;
const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Every drawn node and closed group lies inside the frames of all its open enclosing groups. */
function expectNested(view: GraphView): void {
  const frames = new Map(view.nodes.filter((n) => n.kind === 'frame').map((n) => [n.id, n]));
  const drawn = view.nodes.filter((n) => n.kind !== 'frame');
  let checked = 0;
  for (const node of drawn) {
    const segments = node.kind === 'group' ? node.name.split('/') : scopeOf(node.name);
    const path = node.kind === 'group' ? segments.slice(0, -1) : segments;
    for (let depth = 1; depth <= path.length; depth++) {
      const frame = frames.get(groupId(path.slice(0, depth)));
      if (!frame) continue;
      expect(inside(node, frame), `${node.id} inside ${frame.id}`).toBe(true);
      checked++;
    }
  }
  expect(checked).toBeGreaterThan(0);
  // Nothing drawn overlaps anything else drawn.
  const sorted = [...drawn].sort((a, b) => a.y - b.y);
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i] as Box;
    for (let j = i + 1; j < sorted.length && (sorted[j] as Box).y < a.y + a.height; j++) {
      expect(overlap(a, sorted[j] as Box), `${i} overlaps ${j}`).toBe(false);
    }
  }
}

const positionsOf = (view: GraphView) => new Map(view.nodes.map((n) => [n.id, `${n.x},${n.y},${n.width}`]));

describe('layout per name-scope group', () => {
  it('draws open groups as frames around what they hold, with nothing overlapping', () => {
    const full = fullOf(buildResNetLike());
    const view = composeView(full, nestedLayoutOf(full));
    expect(view.nodes.filter((n) => n.kind === 'frame').length).toBeGreaterThan(0);
    expectNested(view);
    const transformer = fullOf(buildTransformerLike(6));
    expectNested(composeView(transformer, nestedLayoutOf(transformer)));
  });

  it('lays out a group the first time it opens, once; closing it puts everything back', () => {
    const full = fullOf(buildLargeChain(2000));
    const layout = nestedLayoutOf(full);
    const closed = composeView(full, layout, new Set());
    expect(layout.scopesLaidOut).toBe(1);
    const open = composeView(full, layout, new Set(['group:stage1']));
    expect(layout.scopesLaidOut).toBe(2);
    expectNested(open);
    // Opened, stage1's blocks sit inside its frame; the stages after it moved down to make room.
    const frame = open.nodes.find((n) => n.id === 'group:stage1' && n.kind === 'frame');
    expect(frame?.height).toBeGreaterThan(1000);
    expect(open.nodes.find((n) => n.id === 'group:stage2')?.y).toBeGreaterThan((frame?.y ?? 0) + (frame?.height ?? 0));
    // Closing restores the first picture exactly; opening again gives the same inside, from the cache.
    expect(positionsOf(composeView(full, layout, new Set()))).toEqual(positionsOf(closed));
    expect(positionsOf(composeView(full, layout, new Set(['group:stage1'])))).toEqual(positionsOf(open));
    expect(layout.scopesLaidOut).toBe(2);
    // Opening a block inside lays out that block (and the three one-op groups in it, drawn as
    // their ops) and grows stage1's frame.
    const deeper = composeView(full, layout, new Set(['group:stage1', 'group:stage1/block150']));
    expect(layout.scopesLaidOut).toBe(6);
    expect(deeper.nodes.filter((n) => n.kind === 'op' && n.name.startsWith('/stage1/block150/'))).toHaveLength(4);
    expectNested(deeper);
    const grown = deeper.nodes.find((n) => n.id === 'group:stage1' && n.kind === 'frame');
    expect(grown?.height).toBeGreaterThan(frame?.height ?? 0);
  });

  it('keeps each group’s order after a fusion that removed nodes from it', () => {
    const model = buildLargeChain(400);
    const full = fullOf(model);
    const layout = nestedLayoutOf(full);
    composeView(full, layout);
    // The same graph without one BN (as a fusion leaves it): the other scopes reuse their order.
    const fewer = { ...full, nodes: full.nodes.filter((n) => n.name !== '/stage0/block3/bn/BatchNormalization') };
    const again = nestedLayoutOf(fewer, layout);
    expect(again.scopesLaidOut).toBeGreaterThan(90);
    expectNested(composeView(fewer, again));
  });

  it('a hostile name thousands of levels deep is capped, not a stall', () => {
    const deep = `${Array.from({ length: 100_000 }, (_, i) => `s${i}`).join('/')}/Conv`;
    const started = performance.now();
    expect(scopeOf(deep)).toHaveLength(48);
    const full = {
      nodes: [
        {
          id: 'a',
          kind: 'op' as const,
          name: deep,
          op: 'Conv',
          attributes: [],
          chips: [],
          x: 0,
          y: 0,
          width: 10,
          height: 10,
        },
      ],
      edges: [],
      search: [],
    };
    const view = composeView(full, nestedLayoutOf(full));
    expect(view.nodes.find((n) => n.id === 'a')).toBeDefined();
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
