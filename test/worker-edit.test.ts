import { describe, expect, it } from 'vitest';
import type { EditOp } from '../src/edit/index.ts';
import { buildEditableClassifier } from '../src/fixtures/edit-models.ts';
import { buildResNetLike } from '../src/fixtures/models.ts';
import { DataType, encodeModel, joinParts } from '../src/onnx/index.ts';
import { encodeNpy, parseNpy } from '../src/onnx/npy.ts';
import type { WorkerState } from '../src/worker/handlers.ts';
import { ModelSession } from '../src/worker/session.ts';
import { fileBytes, send, snapshotOf } from './helpers/worker-requests.ts';

/**
 * The worker's history is a list of edit ops: any op applies as one step (fusions and the
 * optimizer included), each step carries its one-line description, the snapshot says what the
 * last edit changed, a refused edit leaves everything as it was, and a replay of the list (with
 * the .npy files it reads) rebuilds the same bytes.
 */
const BIAS = encodeNpy({
  dataType: DataType.FLOAT,
  dims: [4],
  data: new Uint8Array(Float32Array.from([1, 2, 3, 4]).buffer),
});

function opened(): WorkerState {
  const state: WorkerState = {};
  snapshotOf(
    send(state, {
      kind: 'load',
      model: fileBytes('classifier.onnx', encodeModel(buildEditableClassifier())),
      sideFiles: [],
    }),
  );
  return state;
}

function downloaded(state: WorkerState): Uint8Array {
  return joinParts(state.session?.download()[0]?.parts ?? []);
}

describe('the worker applies edit ops as steps of the history', () => {
  it('each op is a step with its description; the snapshot says what the last edit changed', () => {
    const state = opened();
    let snap = snapshotOf(send(state, { kind: 'edit', op: { op: 'rename', value: 'image', to: 'pixels' } }));
    expect(snap.steps).toEqual([{ op: 'rename', value: 'image', to: 'pixels' }]);
    expect(snap.history).toEqual([{ op: snap.steps[0], description: 'Renamed "image" to "pixels"' }]);
    expect(snap.current).toBe(1);
    expect(snap.changed).toEqual({ nodes: ['stem'], values: ['pixels'] });
    expect(snap.summary.inputs.map((i) => i.name)).toEqual(['pixels']);
    snap = snapshotOf(
      send(state, {
        kind: 'edit',
        op: { op: 'set-initializer', name: 'stem.bias', npy: 'bias.npy' },
        files: [fileBytes('bias.npy', BIAS)],
      }),
    );
    expect(snap.history.map((h) => h.description)).toEqual([
      'Renamed "image" to "pixels"',
      'Replaced "stem.bias" (float32 4) from "bias.npy"',
    ]);
    // Undo keeps the step to redo, says nothing changed any more, and names the file as saved.
    snap = snapshotOf(send(state, { kind: 'undo' }));
    expect(snap.current).toBe(1);
    expect(snap.history).toHaveLength(2);
    expect(snap.changed).toBeUndefined();
    expect(snap.steps).toHaveLength(1);
    // A history step shows the model as it was then; the later steps stay to redo.
    snap = snapshotOf(send(state, { kind: 'goTo', step: 0 }));
    expect(snap.steps).toEqual([]);
    expect(snap.summary.inputs.map((i) => i.name)).toEqual(['image']);
    expect(snap.canRedo).toBe(true);
    snap = snapshotOf(send(state, { kind: 'goTo', step: 2 }));
    expect(snap.steps).toHaveLength(2);
    expect(send(state, { kind: 'goTo', step: 3 })).toMatchObject({ kind: 'error', code: 'EDIT_INVALID' });
  });

  it('Fuse all and the optimizer are steps with descriptions too', () => {
    const state: WorkerState = {};
    send(state, { kind: 'load', model: fileBytes('r.onnx', encodeModel(buildResNetLike())), sideFiles: [] });
    const snap = snapshotOf(send(state, { kind: 'edit', op: { op: 'fuse-all' } }));
    expect(snap.steps[0]?.op).toBe('fuse');
    expect(snap.history[0]?.description).toMatch(/^Fused \d+ pairs$/);
    expect(snap.changed?.nodes.length).toBeGreaterThan(0);
    send(state, { kind: 'load', model: fileBytes('r.onnx', encodeModel(buildResNetLike())), sideFiles: [] });
    const optimized = snapshotOf(send(state, { kind: 'edit', op: { op: 'optimize' } }));
    expect(optimized.steps[0]?.op).toBe('optimize');
    expect(optimized.history[0]?.description).toMatch(/^Optimized: \d+ → \d+ nodes \(.*conv-bn-folds \d+/);
  });

  it('a refused edit answers its sentence and changes nothing', () => {
    const state = opened();
    const before = snapshotOf(send(state, { kind: 'edit', op: { op: 'add-output', value: 'features' } }));
    const bytes = downloaded(state);
    const refused = send(state, { kind: 'edit', op: { op: 'delete-node', node: 'act' } });
    expect(refused).toMatchObject({ kind: 'error', code: 'EDIT_REFUSED' });
    expect(refused.kind === 'error' && refused.message).toMatch(
      /node "pool" \(GlobalAveragePool\) still reads its output "act_out"/,
    );
    // An op a message could carry that is no edit at all is refused the same way.
    expect(send(state, { kind: 'edit', op: { op: 'explode' } as unknown as EditOp })).toMatchObject({
      code: 'EDIT_INVALID',
    });
    const after = snapshotOf(send(state, { kind: 'redo' }));
    expect(after.steps).toEqual(before.steps);
    expect(downloaded(state)).toEqual(bytes);
  });

  it('a recipe applies all its steps, or none: a refused step names itself and the history stays', () => {
    const state = opened();
    snapshotOf(send(state, { kind: 'edit', op: { op: 'rename', value: 'image', to: 'pixels' } }));
    send(state, { kind: 'undo' });
    const bytes = downloaded(state);
    const bad: EditOp[] = [
      { op: 'add-output', value: 'features' },
      { op: 'delete-node', node: 'act' },
    ];
    const refused = send(state, { kind: 'applyRecipe', steps: bad });
    expect(refused).toMatchObject({ kind: 'error', code: 'EDIT_REFUSED' });
    expect(refused.kind === 'error' && refused.message).toMatch(/^step 2 \(delete-node\): Node "act"/);
    expect(downloaded(state)).toEqual(bytes);
    // The undone step is still there to redo: the failed recipe did not drop it.
    expect(snapshotOf(send(state, { kind: 'redo' })).steps).toEqual([{ op: 'rename', value: 'image', to: 'pixels' }]);
    send(state, { kind: 'undo' });
    const good = snapshotOf(
      send(state, { kind: 'applyRecipe', steps: [bad[0] as EditOp, { op: 'delete-node', node: 'probs' }] }),
    );
    expect(good.steps).toHaveLength(2);
    expect(good.history.map((h) => h.description)).toEqual([
      'Made "features" an output',
      'Deleted node "probs" (Softmax); output "probs" dropped',
    ]);
  });

  it('replaying the history (with its .npy files) rebuilds the same bytes', () => {
    const state = opened();
    const files = [fileBytes('bias.npy', BIAS)];
    const ops: EditOp[] = [
      { op: 'set-input-shape', input: 'image', dims: ['N', 3, 8, 8] },
      { op: 'set-initializer', name: 'stem.bias', npy: 'bias.npy' },
      { op: 'set-attribute', node: 'act', name: 'alpha', value: 0.3 },
      { op: 'add-output', value: 'pooled' },
    ];
    let snap = snapshotOf(send(state, { kind: 'edit', op: ops[0] as EditOp }));
    for (const op of ops.slice(1)) snap = snapshotOf(send(state, { kind: 'edit', op, files }));
    const bytes = downloaded(state);
    const again: WorkerState = {};
    const model = fileBytes('classifier.onnx', encodeModel(buildEditableClassifier()));
    snapshotOf(send(again, { kind: 'replay', model, sideFiles: [], steps: snap.steps, files }));
    expect(downloaded(again)).toEqual(bytes);
    expect(state.session?.download()[0]?.name).toBe('classifier.edited.onnx');
    // Without the .npy file the replay cannot run that step: a typed error, not a wrong model.
    expect(() => ModelSession.replay(model, [], snap.steps)).toThrow(
      /The file "bias.npy" for "stem.bias" was not given/,
    );
  });

  it('an initializer as .npy: np.save bytes under a file-safe name', () => {
    const state = opened();
    const response = send(state, { kind: 'initializerNpy', name: 'stem.bias' });
    if (response.kind !== 'files') throw new Error(JSON.stringify(response));
    expect(response.files[0]?.name).toBe('stem.bias.npy');
    return response.files[0]?.blob.arrayBuffer().then((buffer) => {
      const array = parseNpy(new Uint8Array(buffer));
      expect(array.dims).toEqual([4]);
      expect(Array.from(new Float32Array(array.data.buffer))).toEqual([
        0.10000000149011612, -0.10000000149011612, 0.20000000298023224, 0,
      ]);
    });
  });
});
