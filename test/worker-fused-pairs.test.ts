import { describe, expect, it } from 'vitest';
import { buildResNetLike } from '../src/fixtures/models.ts';
import { encodeModel } from '../src/onnx/index.ts';
import { handleRequest, type WorkerState } from '../src/worker/handlers.ts';
import type { ModelSnapshot, SyncRequest } from '../src/worker/protocol.ts';

let nextId = 1;

type Body = SyncRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

function snapshot(state: WorkerState, request: Body): ModelSnapshot {
  const { response } = handleRequest({ ...request, id: nextId++ } as SyncRequest, state, () => {});
  if (response.kind !== 'snapshot') throw new Error(`expected a snapshot, got ${JSON.stringify(response)}`);
  return response.snapshot;
}

describe('the snapshot lists the pairs fused so far', () => {
  it('with what was folded into what and the step that did it, following undo, redo and replay', () => {
    const state: WorkerState = {};
    const bytes = encodeModel(buildResNetLike());
    const loaded = snapshot(state, {
      kind: 'load',
      model: { name: 's.onnx', bytes: bytes.slice().buffer },
      sideFiles: [],
    });
    expect(loaded.fusedPairs).toEqual([]);

    const first = loaded.candidates.find((c) => c.status === 'fusible');
    if (!first) throw new Error('the sample has fusible pairs');
    const one = snapshot(state, { kind: 'fuse', ids: [first.id] });
    expect(one.fusedPairs).toEqual([
      {
        id: first.id,
        kind: 'conv-bn',
        graphPath: 'main',
        keptNode: first.keptNode,
        keptOp: 'Conv',
        foldedNode: first.foldedNode,
        foldedOp: 'BatchNormalization',
        step: 1,
      },
    ]);
    expect(first.foldedNode).toMatch(/BatchNormalization$/);

    const all = snapshot(state, { kind: 'fuseAll' });
    expect(all.fusedPairs).toHaveLength(all.counts.fused);
    expect(all.fusedPairs.map((p) => p.step)).toEqual([1, 2, 2, 2, 2, 2, 2]);
    // Every pair that was fusible at the start is listed once, with the nodes it named.
    expect(new Set(all.fusedPairs.map((p) => `${p.keptNode} ← ${p.foldedNode}`))).toEqual(
      new Set(loaded.candidates.filter((c) => c.status === 'fusible').map((c) => `${c.keptNode} ← ${c.foldedNode}`)),
    );

    expect(snapshot(state, { kind: 'undo' }).fusedPairs).toEqual(one.fusedPairs);
    expect(snapshot(state, { kind: 'redo' }).fusedPairs).toEqual(all.fusedPairs);

    const fresh: WorkerState = {};
    const replayed = snapshot(fresh, {
      kind: 'replay',
      model: { name: 's.onnx', bytes: bytes.slice().buffer },
      sideFiles: [],
      steps: all.steps,
    });
    expect(replayed.fusedPairs).toEqual(all.fusedPairs);
  });
});
