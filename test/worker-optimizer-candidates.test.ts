import { describe, expect, it } from 'vitest';
import { decodeModel, joinParts } from '../src/onnx/index.ts';
import type { WorkerState } from '../src/worker/handlers.ts';
import type { LeftCandidate } from '../src/worker/protocol.ts';
import { judge } from './helpers/judge.ts';
import { readRealModel } from './helpers/real-models.ts';
import { fileBytes, send, snapshotOf } from './helpers/worker-requests.ts';

const CLS = 'ch_ppocr_mobile_v2.0_cls_infer.onnx';
const file = fileBytes;

function previewOf(state: WorkerState): LeftCandidate[] {
  const response = send(state, { kind: 'optimizerCandidates' });
  if (response.kind !== 'optimizerCandidates') throw new Error(`expected candidates, got ${JSON.stringify(response)}`);
  return response.candidates;
}

const current = (state: WorkerState) => {
  const [saved] = state.session?.download() ?? [];
  if (!saved) throw new Error('nothing to download');
  return joinParts(saved.parts);
};

describe("the optimizer's candidates, applied one at a time in the page's worker", () => {
  it('previews without changing the model, applies one candidate alone, undoes it and replays it', async () => {
    const bytes = readRealModel(CLS);
    const state: WorkerState = {};
    const loaded = snapshotOf(send(state, { kind: 'load', model: file(CLS, bytes), sideFiles: [] }));
    const preview = previewOf(state);
    // Found on the opened model, nothing applied: the step list is still empty.
    expect(state.session?.snapshot().steps).toEqual([]);
    expect(preview.some((c) => c.pass === 'conv-bn-folds')).toBe(false);
    const applicable = preview.filter((c) => c.reason === 'APPLICABLE');
    expect(applicable.length).toBeGreaterThan(10);
    // Ids are unique, so one of them names one change.
    expect(new Set(preview.map((c) => c.id)).size).toBe(preview.length);

    const pick = applicable.find((c) => c.pass === 'no-ops') ?? applicable[0];
    if (!pick) throw new Error('nothing applicable');
    const applied = snapshotOf(send(state, { kind: 'optimize', passes: [pick.pass], only: [pick.id] }));
    expect(applied.steps).toEqual([{ op: 'optimize', passes: [pick.pass], only: [pick.id] }]);
    const pass = applied.optimized?.passes.find((p) => p.pass === pick.pass);
    expect(pass?.applied).toBe(1);
    // One node (an Identity, a Dropout, …) went; nothing else did.
    expect(applied.summary.nodeCount).toBe(loaded.summary.nodeCount - (pass?.nodesRemoved ?? 0));
    expect(pass?.nodesRemoved).toBeLessThanOrEqual(1);
    // The rest of the preview is still there to apply; the applied one is not.
    const after = previewOf(state);
    expect(after.some((c) => c.id === pick.id)).toBe(false);
    expect(after.filter((c) => c.reason === 'APPLICABLE').length).toBe(applicable.length - 1);

    const diffs = await judge(decodeModel(bytes), decodeModel(current(state)), { atol: 0, rtol: 0 });
    for (const [name, diff] of Object.entries(diffs)) expect({ name, pass: diff.pass }).toEqual({ name, pass: true });

    // Applying it again is refused, and the model stays as it was.
    const before = current(state);
    expect(send(state, { kind: 'optimize', passes: [pick.pass], only: [pick.id] })).toMatchObject({
      kind: 'error',
      code: 'NOTHING_TO_OPTIMIZE',
    });
    expect(Buffer.from(current(state)).equals(Buffer.from(before))).toBe(true);

    const fresh: WorkerState = {};
    send(fresh, { kind: 'replay', model: file(CLS, bytes), sideFiles: [], steps: applied.steps });
    expect(Buffer.from(current(fresh)).equals(Buffer.from(before))).toBe(true);

    const undone = snapshotOf(send(state, { kind: 'undo' }));
    expect(undone.summary.nodeCount).toBe(loaded.summary.nodeCount);
    expect(previewOf(state)).toEqual(preview);
  });

  it('without a model, says so', () => {
    expect(send({}, { kind: 'optimizerCandidates' })).toMatchObject({ kind: 'error', code: 'NO_MODEL' });
  });
});
