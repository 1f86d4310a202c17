import { describe, expect, it } from 'vitest';
import { buildMobileNetLike, buildTwoBranches } from '../src/fixtures/layout-models.ts';
import type { GraphView } from '../src/layout/index.ts';
import { encodeModel } from '../src/onnx/index.ts';
import { handleRequest, type WorkerState } from '../src/worker/handlers.ts';
import type { ModelSnapshot, SyncRequest, WorkerResponse } from '../src/worker/protocol.ts';

/** A request without its id (Omit over each member of the union). */
type Body = SyncRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

let nextId = 1;
const send = (state: WorkerState, request: Body): WorkerResponse =>
  handleRequest({ ...request, id: nextId++ } as SyncRequest, state).response;

function snapshotOf(response: WorkerResponse): ModelSnapshot {
  if (response.kind !== 'snapshot') throw new Error(`expected a snapshot, got ${JSON.stringify(response)}`);
  return response.snapshot;
}

function load(state: WorkerState, bytes: Uint8Array): ModelSnapshot {
  return snapshotOf(
    send(state, { kind: 'load', model: { name: 'm.onnx', bytes: bytes.slice().buffer }, sideFiles: [] }),
  );
}

const drawn = (view: GraphView) => view.nodes.filter((n) => n.kind !== 'frame');
const placeOf = (view: GraphView) => new Map(view.nodes.map((n) => [`${n.kind}:${n.id}`, `${n.x},${n.y}`]));

/** The tallest horizontal band of the picture that no drawn node covers. */
function largestGap(view: GraphView): number {
  const spans = drawn(view)
    .map((n) => [n.y, n.y + n.height] as const)
    .sort((a, b) => a[0] - b[0]);
  let reach = spans[0]?.[1] ?? 0;
  let gap = 0;
  for (const [top, bottom] of spans) {
    gap = Math.max(gap, top - reach);
    reach = Math.max(reach, bottom);
  }
  return gap;
}

describe('fusing keeps places; "Tidy layout" closes the gaps', () => {
  it('a single fusion moves nothing', () => {
    const state: WorkerState = {};
    const loaded = load(state, encodeModel(buildMobileNetLike()));
    const pair = loaded.candidates.find((c) => c.status === 'fusible' && c.keptNode.includes('features.9/'));
    const one = snapshotOf(send(state, { kind: 'fuse', ids: [pair?.id ?? ''] }));
    const before = placeOf(loaded.view);
    expect(drawn(one.view)).toHaveLength(drawn(loaded.view).length - 1);
    for (const n of one.view.nodes) expect(`${n.x},${n.y}`).toBe(before.get(`${n.kind}:${n.id}`));
  });

  it('after "Fuse all", tidying lays the graph out as the fused model opens: no empty slots, a shorter picture', async () => {
    const state: WorkerState = {};
    const loaded = load(state, encodeModel(buildMobileNetLike()));
    const all = snapshotOf(send(state, { kind: 'fuseAll' }));
    expect(all.counts.fused).toBe(52);
    // Fused, every node stays where it was: the 52 BatchNormalizations leave their slots empty.
    const before = placeOf(loaded.view);
    for (const n of drawn(all.view)) expect(`${n.x},${n.y}`).toBe(before.get(`${n.kind}:${n.id}`));
    expect(largestGap(all.view)).toBeGreaterThan(largestGap(loaded.view));

    const tidy = snapshotOf(send(state, { kind: 'tidy' }));
    // Only the picture changed: the same model, counts and history.
    expect(tidy.counts).toEqual(all.counts);
    expect(tidy.steps).toEqual(all.steps);
    expect(tidy.canUndo).toBe(true);
    // No band wider than a fresh layout leaves between rows (the layer gap, plus frame titles and
    // padding where nested groups end and begin), and a third less height.
    expect(largestGap(tidy.view)).toBeLessThanOrEqual(largestGap(loaded.view));
    expect(tidy.view.height).toBeLessThan(all.view.height * 0.7);
    expect(tidy.view.width * tidy.view.height).toBeLessThan(all.view.width * all.view.height * 0.7);

    // Exactly the picture the downloaded fused model opens with.
    const download = send(state, { kind: 'download' });
    if (download.kind !== 'files') throw new Error('expected files');
    const bytes = new Uint8Array(await (download.files[0]?.blob ?? new Blob([])).arrayBuffer());
    expect(placeOf(tidy.view)).toEqual(placeOf(load({}, bytes).view));
  });

  it('tidying forgets the old rows too: a branch that lost its BN moves up beside the other', async () => {
    const state: WorkerState = {};
    load(state, encodeModel(buildTwoBranches()));
    const all = snapshotOf(send(state, { kind: 'fuseAll' }));
    expect(all.counts.fused).toBe(2);
    const tidy = snapshotOf(send(state, { kind: 'tidy' }));
    const y = (s: ModelSnapshot, id: string) => s.view.nodes.find((n) => n.id === id)?.y;
    // Relu.0 read BN.0, in the row of Conv.1; fused, it reads Conv.0 and belongs in that row.
    expect(y(all, 'p2o.Relu.0')).toBeGreaterThan(y(all, 'p2o.Conv.1') ?? 0);
    expect(y(tidy, 'p2o.Relu.0')).toBe(y(tidy, 'p2o.Conv.1'));
    expect(tidy.view.height).toBeLessThan(all.view.height);
    const download = send(state, { kind: 'download' });
    if (download.kind !== 'files') throw new Error('expected files');
    const bytes = new Uint8Array(await (download.files[0]?.blob ?? new Blob([])).arrayBuffer());
    expect(placeOf(tidy.view)).toEqual(placeOf(load({}, bytes).view));
  });

  it('fusing after tidying keeps the tidied places; undo shows that step as it was', () => {
    const state: WorkerState = {};
    const loaded = load(state, encodeModel(buildMobileNetLike()));
    const pair = (s: ModelSnapshot, scope: string) =>
      s.candidates.find((c) => c.status === 'fusible' && c.keptNode.includes(scope))?.id ?? '';
    const one = snapshotOf(send(state, { kind: 'fuse', ids: [pair(loaded, 'features.3/')] }));
    const tidy = snapshotOf(send(state, { kind: 'tidy' }));
    expect(placeOf(tidy.view)).not.toEqual(placeOf(one.view));
    const two = snapshotOf(send(state, { kind: 'fuse', ids: [pair(tidy, 'features.12/')] }));
    const tidied = placeOf(tidy.view);
    for (const n of drawn(two.view)) expect(`${n.x},${n.y}`).toBe(tidied.get(`${n.kind}:${n.id}`));
    expect(placeOf(snapshotOf(send(state, { kind: 'undo' })).view)).toEqual(tidied);
  });

  it('with no model open, tidying is refused', () => {
    expect(send({}, { kind: 'tidy' })).toMatchObject({ kind: 'error', code: 'NO_MODEL' });
  });
});
