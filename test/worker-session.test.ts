import { describe, expect, it } from 'vitest';
import { buildSharedConvOutput } from '../src/fixtures/fusion-models.ts';
import { buildConvBn, buildResNetLike } from '../src/fixtures/models.ts';
import { decodeModel, encodeModel, writeExternalBytes } from '../src/onnx/index.ts';
import { handleRequest, type WorkerState } from '../src/worker/handlers.ts';
import type { FileBytes, ModelSnapshot, SyncRequest, WorkerResponse } from '../src/worker/protocol.ts';
import { readRealModel } from './helpers/real-models.ts';

const file = (name: string, bytes: Uint8Array): FileBytes => ({ name, bytes: bytes.slice().buffer });
let nextId = 1;

/** A request without its id (Omit over each member of the union). */
type Body = SyncRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

function send(state: WorkerState, request: Body, stages: string[] = []): WorkerResponse {
  return handleRequest({ ...request, id: nextId++ } as SyncRequest, state, (stage) => stages.push(stage)).response;
}

function snapshotOf(response: WorkerResponse): ModelSnapshot {
  if (response.kind !== 'snapshot') throw new Error(`expected a snapshot, got ${JSON.stringify(response)}`);
  return response.snapshot;
}

const counts = (s: ModelSnapshot) =>
  `${s.counts.fusible} fusible · ${s.counts.blocked} blocked · ${s.counts.fused} fused`;

describe('worker session (handlers called without a Worker)', () => {
  it('loads, fuses, undoes and redoes, keeping positions in place', () => {
    const state: WorkerState = {};
    const stages: string[] = [];
    const loaded = snapshotOf(
      send(state, { kind: 'load', model: file('sample.onnx', encodeModel(buildResNetLike())), sideFiles: [] }, stages),
    );
    expect(stages).toEqual(['parsing', 'finding candidates', 'laying out']);
    expect(counts(loaded)).toBe('7 fusible · 1 blocked · 0 fused');
    expect(loaded.canUndo).toBe(false);
    const first = loaded.candidates.find((c) => c.status === 'fusible');
    const one = snapshotOf(send(state, { kind: 'fuse', ids: [first?.id ?? ''] }));
    expect(counts(one)).toBe('6 fusible · 1 blocked · 1 fused');
    expect(one.steps).toEqual([{ op: 'fuse', ids: [first?.id] }]);
    // Surviving nodes keep their positions; the folded BN is gone; the conv is marked fused.
    const before = new Map(loaded.view.nodes.map((n) => [n.id, n]));
    for (const n of one.view.nodes) expect([n.x, n.y]).toEqual([before.get(n.id)?.x, before.get(n.id)?.y]);
    const ops = (s: ModelSnapshot) => s.view.nodes.filter((n) => n.kind !== 'frame');
    expect(ops(one)).toHaveLength(ops(loaded).length - 1);
    expect(one.view.nodes.filter((n) => n.fusedCount === 1).map((n) => n.name)).toEqual([first?.keptNode]);

    const all = snapshotOf(send(state, { kind: 'fuseAll' }));
    expect(counts(all)).toBe('0 fusible · 1 blocked · 7 fused');
    expect(counts(snapshotOf(send(state, { kind: 'undo' })))).toBe('6 fusible · 1 blocked · 1 fused');
    expect(counts(snapshotOf(send(state, { kind: 'undo' })))).toBe('7 fusible · 1 blocked · 0 fused');
    expect(snapshotOf(send(state, { kind: 'undo' })).canUndo).toBe(false);
    expect(counts(snapshotOf(send(state, { kind: 'redo' })))).toBe('6 fusible · 1 blocked · 1 fused');
    // A new fusion after undo drops the redo branch.
    const other = snapshotOf(
      send(state, { kind: 'fuse', ids: [one.candidates.find((c) => c.status === 'fusible')?.id ?? ''] }),
    );
    expect(other.canRedo).toBe(false);
    expect(counts(other)).toBe('5 fusible · 1 blocked · 2 fused');
  });

  it('"Fuse all" adds no blocked candidates: hardswish after a folded BN is no pair', () => {
    const cases = [
      { name: 'hswish.onnx', bytes: encodeModel(buildSharedConvOutput('bn-hardswish')) },
      { name: 'det.onnx', bytes: readRealModel('ch_PP-OCRv4_det_infer.onnx') },
    ];
    const seen = cases.map(({ name, bytes }) => {
      const state: WorkerState = {};
      const loaded = snapshotOf(send(state, { kind: 'load', model: file(name, bytes), sideFiles: [] }));
      return [counts(loaded), counts(snapshotOf(send(state, { kind: 'fuseAll' })))];
    });
    expect(seen).toEqual([
      ['1 fusible · 0 blocked · 0 fused', '0 fusible · 0 blocked · 1 fused'],
      ['32 fusible · 0 blocked · 0 fused', '0 fusible · 0 blocked · 61 fused'],
    ]);
  });

  it('a failed request leaves the model as it was', () => {
    const state: WorkerState = {};
    const loaded = snapshotOf(
      send(state, { kind: 'load', model: file('sample.onnx', encodeModel(buildResNetLike())), sideFiles: [] }),
    );
    const blocked = loaded.candidates.find((c) => c.status === 'blocked');
    const refused = send(state, { kind: 'fuse', ids: [blocked?.id ?? ''] });
    expect(refused).toMatchObject({ kind: 'error' });
    expect((refused as { message: string }).message).toMatch(/graph output/);
    const bad = send(state, { kind: 'load', model: file('bad.onnx', new Uint8Array([1, 2, 3])), sideFiles: [] });
    expect(bad).toMatchObject({ kind: 'error', code: 'NOT_PROTOBUF' });
    const still = snapshotOf(send(state, { kind: 'undo' }));
    expect(still.name).toBe('sample.onnx');
    expect(counts(still)).toBe('7 fusible · 1 blocked · 0 fused');
  });

  it('replays recorded steps to the same state (crash recovery)', () => {
    const state: WorkerState = {};
    const bytes = encodeModel(buildResNetLike());
    const loaded = snapshotOf(send(state, { kind: 'load', model: file('s.onnx', bytes), sideFiles: [] }));
    send(state, { kind: 'fuse', ids: [loaded.candidates[0]?.id ?? ''] });
    const fused = snapshotOf(send(state, { kind: 'fuseAll' }));
    const fresh: WorkerState = {};
    const replayed = snapshotOf(
      send(fresh, { kind: 'replay', model: file('s.onnx', bytes), sideFiles: [], steps: fused.steps }),
    );
    expect(replayed.counts).toEqual(fused.counts);
    expect(replayed.steps).toEqual(fused.steps);
    expect(snapshotOf(send(fresh, { kind: 'undo' })).counts.fused).toBe(1);
  });

  it('downloads <name>.fused.onnx that decodes to the fused model', async () => {
    const state: WorkerState = {};
    send(state, { kind: 'load', model: file('net.onnx', encodeModel(buildResNetLike())), sideFiles: [] });
    send(state, { kind: 'fuseAll' });
    const response = send(state, { kind: 'download' });
    if (response.kind !== 'files') throw new Error('expected files');
    expect(response.files.map((f) => f.name)).toEqual(['net.fused.onnx']);
    const model = decodeModel(new Uint8Array((await response.files[0]?.blob.arrayBuffer()) ?? new ArrayBuffer(0)));
    expect((model.graph?.node ?? []).filter((n) => n.opType === 'BatchNormalization')).toHaveLength(1);
  });

  it('re-embeds external data on download when the side files were supplied', async () => {
    const model = buildConvBn();
    const files = new Map<string, Uint8Array>();
    for (const t of model.graph?.initializer ?? [])
      writeExternalBytes(t, t.rawData as Uint8Array, files, 'weights.bin');
    const bytes = encodeModel(model);

    const missing: WorkerState = {};
    const alone = snapshotOf(send(missing, { kind: 'load', model: file('ext.onnx', bytes), sideFiles: [] }));
    expect(alone.missingSideFiles).toEqual(['weights.bin']);
    expect(alone.candidates[0]?.blocked?.reason).toBe('EXTERNAL_DATA_MISSING');

    const state: WorkerState = {};
    const withFiles = snapshotOf(
      send(state, {
        kind: 'load',
        model: file('ext.onnx', bytes),
        sideFiles: [file('weights.bin', files.get('weights.bin') as Uint8Array)],
      }),
    );
    expect(withFiles.counts.fusible).toBe(1);
    send(state, { kind: 'fuseAll' });
    const response = send(state, { kind: 'download' });
    if (response.kind !== 'files') throw new Error('expected files');
    expect(response.files.map((f) => f.name)).toEqual(['ext.fused.onnx']);
    const fused = decodeModel(new Uint8Array((await response.files[0]?.blob.arrayBuffer()) ?? new ArrayBuffer(0)));
    expect((fused.graph?.initializer ?? []).every((t) => !t.externalData?.length)).toBe(true);
  });

  it('describes a node with its attributes and weight statistics', () => {
    const state: WorkerState = {};
    const loaded = snapshotOf(
      send(state, { kind: 'load', model: file('s.onnx', encodeModel(buildResNetLike())), sideFiles: [] }),
    );
    const conv = loaded.view.nodes.find((n) => n.name === '/stem/conv/Conv');
    const response = send(state, { kind: 'details', nodeId: conv?.id ?? '' });
    if (response.kind !== 'details' || !response.details) throw new Error('expected details');
    expect(response.details.attributes.map((a) => a.name)).toContain('kernel_shape');
    const weight = response.details.inputs.find((i) => i.name === 'stem.conv.weight');
    expect(weight?.tensor).toMatchObject({ dtype: 'float32', dims: [16, 3, 3, 3], count: 432 });
    expect(weight?.tensor?.min).toBeLessThan(0);
    expect(weight?.tensor?.max).toBeGreaterThan(0);
  });
});
