import { describe, expect, it } from 'vitest';
import { buildLargeChain, buildTransformerLike } from '../src/fixtures/large-models.ts';
import { buildResNetLike } from '../src/fixtures/models.ts';
import { encodeModel } from '../src/onnx/index.ts';
import { AUTO_LAYOUT_LIMIT, ModelSession } from '../src/worker/session.ts';

const open = (bytes: Uint8Array, name = 'm.onnx') => ModelSession.open({ name, bytes: bytes.slice().buffer }, []);

describe('name-scope groups in the worker view', () => {
  it('small models open with every group open', () => {
    const view = open(encodeModel(buildResNetLike())).snapshot().view;
    expect(view.nodes.some((n) => n.kind === 'group')).toBe(false);
    expect(view.search).toHaveLength(26);
  });

  it('a 5,000-node model opens collapsed to its top-level groups, which count their fusible pairs', () => {
    const session = open(encodeModel(buildLargeChain(5000)));
    const { view, counts } = session.snapshot();
    const groups = view.nodes.filter((n) => n.kind === 'group');
    expect(groups.map((g) => g.name)).toEqual(Array.from({ length: 13 }, (_, i) => `stage${i}`));
    expect(groups.reduce((n, g) => n + (g.group?.fusible ?? 0), 0)).toBe(counts.fusible);
    expect(groups[0]?.group).toMatchObject({ nodes: 400, fusible: 100 });
    // Edges between groups follow the chain: each stage feeds the next, inputs feed the first.
    const edges = new Set(view.edges.map((e) => `${e.source}->${e.target}`));
    expect(edges.has('group:stage0->group:stage1')).toBe(true);
    expect(edges.has('input:x->group:stage0')).toBe(true);
    expect(view.search).toHaveLength(5000);
  });

  it('opens and closes groups, keeps cross-group edges right, and reveals a hidden node', () => {
    const session = open(encodeModel(buildLargeChain(2000)));
    session.toggleGroup('group:stage1');
    let view = session.snapshot().view;
    const inside = view.nodes.filter((n) => n.name.startsWith('stage1/'));
    expect(inside).toHaveLength(100);
    const edges = new Set(view.edges.map((e) => `${e.source}->${e.target}`));
    // The last block of stage0 (a closed group) feeds the first block group of stage1 and, by the skip, its Add.
    expect(edges.has('group:stage0->group:stage1/block100')).toBe(true);
    expect(edges.has('group:stage1/block199->group:stage2')).toBe(true);

    const hidden = view.search.find((e) => e.name === '/stage3/block310/bn/BatchNormalization');
    session.reveal(hidden?.id ?? '');
    view = session.snapshot().view;
    expect(view.nodes.find((n) => n.id === hidden?.id)?.status).toBe('fusible');

    session.toggleGroup('group:stage1');
    view = session.snapshot().view;
    expect(view.nodes.some((n) => n.name.startsWith('stage1/'))).toBe(false);
  });

  it('groups around a single op are drawn as the op; toggling one closes its first real parent', () => {
    const session = open(encodeModel(buildLargeChain(2000)));
    session.toggleGroup('group:stage1');
    session.toggleGroup('group:stage1/block150');
    let view = session.snapshot().view;
    const ops = view.nodes.filter((n) => n.kind === 'op' && n.name.startsWith('/stage1/block150/'));
    expect(ops.map((n) => n.op)).toEqual(['Conv', 'BatchNormalization', 'Relu', 'Add']);
    expect(view.nodes.some((n) => n.kind === 'group' && n.group?.nodes === 1)).toBe(false);
    expect(view.nodes.find((n) => n.id === 'group:stage1/block150')?.kind).toBe('frame');
    // Double-clicking the Conv asks to close "stage1/block150/conv", which holds only it.
    session.toggleGroup('group:stage1/block150/conv');
    view = session.snapshot().view;
    expect(view.nodes.find((n) => n.id === 'group:stage1/block150')?.kind).toBe('group');
    expect(view.nodes.find((n) => n.id === 'group:stage1')?.kind).toBe('frame');
  });

  it('fusing inside closed groups updates their counts; undo restores them', () => {
    const session = open(encodeModel(buildLargeChain(2000)));
    session.fuseAll();
    let stage0 = session.snapshot().view.nodes.find((n) => n.id === 'group:stage0');
    expect(stage0?.group).toMatchObject({ nodes: 300, fusible: 0, fused: 100 });
    session.undo();
    stage0 = session.snapshot().view.nodes.find((n) => n.id === 'group:stage0');
    expect(stage0?.group).toMatchObject({ nodes: 400, fusible: 100, fused: 0 });
  });
});

describe('long name scopes', () => {
  it('opens past single-group wrappers to the layers of a transformer-like model', () => {
    const session = open(encodeModel(buildTransformerLike(100)));
    const view = session.snapshot().view;
    const groups = view.nodes.filter((n) => n.kind === 'group');
    expect(groups).toHaveLength(100);
    expect(groups[0]?.name).toBe('model/encoder/layers/0');
    session.toggleGroup('group:model/encoder/layers/7');
    const opened = session.snapshot().view.nodes.filter((n) => n.name.startsWith('model/encoder/layers/7/'));
    expect(opened.map((n) => n.name)).toContain('model/encoder/layers/7/attn');
  });

  it('a flat graph past the auto-layout limit is not drawn until asked; everything else works', () => {
    const session = open(encodeModel(buildLargeChain(AUTO_LAYOUT_LIMIT + 2000, 21, true)));
    let snapshot = session.snapshot();
    expect(snapshot.view.withheld).toEqual({ nodes: AUTO_LAYOUT_LIMIT + 2000 + 2, limit: AUTO_LAYOUT_LIMIT });
    expect(snapshot.view.nodes).toHaveLength(0);
    expect(snapshot.view.search).toHaveLength(AUTO_LAYOUT_LIMIT + 2000);
    expect(session.details(snapshot.view.search[1]?.id ?? '')?.op).toBe('BatchNormalization');
    session.fuse([snapshot.candidates[0]?.id ?? '']);
    expect(session.snapshot().counts.fused).toBe(1);
    session.drawAll();
    snapshot = session.snapshot();
    expect(snapshot.view.withheld).toBeUndefined();
    expect(snapshot.view.nodes.length).toBe(AUTO_LAYOUT_LIMIT + 2000 + 1);
  });
});
