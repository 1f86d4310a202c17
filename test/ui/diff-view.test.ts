import { describe, expect, it } from 'vitest';
import { buildLargeChain } from '../../src/fixtures/large-models.ts';
import { buildResNetLike } from '../../src/fixtures/models.ts';
import { encodeModel } from '../../src/onnx/index.ts';
import type { ModelProto } from '../../src/onnx/types.ts';
import type { DiffAnswer, GraphView } from '../../src/store/index.ts';
import { diffFlow } from '../../src/ui/diff/diff-flow.ts';
import { diffMarks } from '../../src/ui/diff/diff-marks.ts';
import { changeSummary, differenceText } from '../../src/ui/diff/diff-text.ts';
import { follow } from '../../src/ui/diff/sync-viewport.ts';
import { handleRequest, type WorkerState } from '../../src/worker/handlers.ts';
import type { SyncRequest, WorkerResponse } from '../../src/worker/protocol.ts';

type Body = SyncRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;
let nextId = 1;
const ask = (state: WorkerState, request: Body): WorkerResponse =>
  handleRequest({ ...request, id: nextId++ } as SyncRequest, state).response;

/** The worker's diff after Fuse all on `model`, and the current view it goes with. */
function fusedDiff(model: ModelProto): { answer: DiffAnswer; current: GraphView } {
  const state: WorkerState = {};
  ask(state, { kind: 'load', model: { name: 'm.onnx', bytes: encodeModel(model).slice().buffer }, sideFiles: [] });
  const fused = ask(state, { kind: 'fuseAll' });
  const diff = ask(state, { kind: 'diff' });
  if (fused.kind !== 'snapshot' || diff.kind !== 'diff') throw new Error('the worker failed');
  return { answer: diff, current: fused.snapshot.view };
}

describe('diff marks', () => {
  it('colours removed BNs on the original, changed convs on both, and pairs every matched node', () => {
    const { answer, current } = fusedDiff(buildResNetLike());
    const marks = diffMarks(answer, current);
    const byMark = (side: 'original' | 'current', mark: string) =>
      [...marks[side].marks].filter(([, m]) => m === mark).map(([id]) => id);
    expect(byMark('original', 'removed')).toHaveLength(7);
    for (const id of byMark('original', 'removed')) expect(id).toMatch(/BatchNormalization$/);
    expect(byMark('current', 'removed')).toEqual([]);
    expect(byMark('original', 'changed')).toEqual(byMark('current', 'changed'));
    expect(byMark('current', 'changed')).toContain('/stem/conv/Conv');
    expect(marks.original.partner.get('/stem/conv/Conv')).toBe('/stem/conv/Conv');
    expect(marks.current.partner.get('/stem/relu/Relu')).toBe('/stem/relu/Relu');
    expect(marks.original.partner.has('/stem/bn/BatchNormalization')).toBe(false);
  });

  it('marks a closed group that holds changes, and pairs nodes inside closed groups by their groups', () => {
    const { answer, current } = fusedDiff(buildLargeChain(2_000));
    const marks = diffMarks(answer, current);
    const groups = [...marks.current.marks].filter(([id]) => id.startsWith('group:'));
    expect(groups.length).toBeGreaterThan(0);
    for (const [, mark] of groups) expect(mark).toBe('contains');
    expect(marks.current.partner.get('group:stage0')).toBe('group:stage0');
  });

  it('draws the cards without fusion marks or Fuse buttons, coloured by a class on the node', () => {
    const { answer, current } = fusedDiff(buildResNetLike());
    const marks = diffMarks(answer, current);
    const flow = diffFlow(answer.original, marks.original.marks);
    const bn = flow.nodes.find((n) => n.id === '/stem/bn/BatchNormalization');
    expect(bn?.className).toBe('diff-removed');
    expect(bn?.data.view.status).toBeUndefined();
    expect(flow.edges.every((e) => e.type === 'value')).toBe(true);
  });
});

describe('diff text', () => {
  it('says what changed in a fused conv', () => {
    const { answer } = fusedDiff(buildResNetLike());
    const conv = answer.diff.nodes.find((c) => c.current?.name === '/stem/conv/Conv');
    if (!conv) throw new Error('the stem conv changed');
    expect(changeSummary(conv)).toBe('weights W, B');
    expect(conv.differences.map(differenceText)).toEqual(['W values changed', 'B added']);
    expect(differenceText({ kind: 'attribute', name: 'pads', to: '[1, 1, 1, 1]' })).toBe('pads added: [1, 1, 1, 1]');
    expect(differenceText({ kind: 'input', slot: 'B', from: 'a', to: 'b' })).toBe('B now from b (was a)');
  });
});

describe('viewport sync', () => {
  it('moves the other side by the same pan, and zooms it about the same screen point', () => {
    const other = { x: 40, y: -10, zoom: 0.5 };
    expect(follow({ x: 0, y: 0, zoom: 1 }, { x: 30, y: -20, zoom: 1 }, other)).toEqual({ x: 70, y: -30, zoom: 0.5 });
    // Zoom ×2 about screen point (100, 50): whatever sat there on the other side stays there.
    const before = { x: 10, y: 20, zoom: 1 };
    const after = { x: 100 - (100 - 10) * 2, y: 50 - (50 - 20) * 2, zoom: 2 };
    const moved = follow(before, after, other);
    const graphPoint = { x: (100 - other.x) / other.zoom, y: (50 - other.y) / other.zoom };
    expect(graphPoint.x * moved.zoom + moved.x).toBeCloseTo(100);
    expect(graphPoint.y * moved.zoom + moved.y).toBeCloseTo(50);
  });
});
