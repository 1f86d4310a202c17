import { describe, expect, it } from 'vitest';
import { buildResNetLike } from '../src/fixtures/models.ts';
import { decodeModel, encodeModel, joinParts } from '../src/onnx/index.ts';
import { listPasses } from '../src/optimize/index.ts';
import type { WorkerState } from '../src/worker/handlers.ts';
import type { ModelSnapshot } from '../src/worker/protocol.ts';
import { judge } from './helpers/judge.ts';
import { readRealModel } from './helpers/real-models.ts';
import { fileBytes, send, snapshotOf } from './helpers/worker-requests.ts';

const CLS = 'ch_ppocr_mobile_v2.0_cls_infer.onnx';
const ALL_PASSES = listPasses().map((p) => p.name);

const file = fileBytes;

const counts = (s: ModelSnapshot) =>
  `${s.counts.fusible} fusible · ${s.counts.blocked} blocked · ${s.counts.fused} fused`;

/** The bytes a download of the session's current step writes, and the name it takes. */
function downloaded(state: WorkerState): { name: string; bytes: Uint8Array } {
  const [saved] = state.session?.download() ?? [];
  if (!saved) throw new Error('nothing to download');
  return { name: saved.name, bytes: joinParts(saved.parts) };
}

const bnCount = (bytes: Uint8Array) =>
  (decodeModel(bytes).graph?.node ?? []).filter((n) => n.opType === 'BatchNormalization').length;

describe('optimize as a step of the worker history', () => {
  it('optimizes after a fusion; undo, redo and the counts follow; the download agrees with the original', async () => {
    const bytes = readRealModel(CLS);
    const state: WorkerState = {};
    const loaded = snapshotOf(send(state, { kind: 'load', model: file(CLS, bytes), sideFiles: [] }));
    expect(loaded.passes.map((p) => p.name)).toEqual(ALL_PASSES);
    expect(loaded.optimized).toBeUndefined();
    const first = loaded.candidates.find((c) => c.status === 'fusible');
    const fused = snapshotOf(send(state, { kind: 'fuse', ids: [first?.id ?? ''] }));
    expect(fused.counts.fused).toBe(1);

    const optimized = snapshotOf(send(state, { kind: 'optimize' }));
    const summary = optimized.optimized;
    if (!summary) throw new Error('no optimize summary');
    // Every Conv/BN fold the optimizer applied counts as fused, on top of the one fused by hand.
    const folds = summary.passes.find((p) => p.pass === 'conv-bn-folds')?.applied ?? 0;
    expect(folds).toBe(loaded.counts.fusible - 1);
    expect(counts(optimized)).toBe(`0 fusible · ${loaded.counts.blocked} blocked · ${loaded.counts.fusible} fused`);
    expect(optimized.fusedPairs).toHaveLength(loaded.counts.fusible);
    expect(optimized.fusedPairs.every((p) => p.keptOp === 'Conv' && p.foldedOp === 'BatchNormalization')).toBe(true);
    // The summary says what changed, and it is what the snapshot shows.
    expect(summary.before.nodes).toBe(fused.summary.nodeCount);
    expect(summary.after.nodes).toBe(optimized.summary.nodeCount);
    expect(summary.after.nodes).toBeLessThan(summary.before.nodes / 2);
    expect(summary.after.bytes).toBeLessThan(summary.before.bytes);
    expect(summary.passes.map((p) => p.pass)).toEqual(ALL_PASSES);
    expect(summary.passes.find((p) => p.pass === 'constants')?.applied).toBeGreaterThan(0);
    expect(optimized.steps).toEqual([
      { op: 'fuse', ids: [first?.id] },
      { op: 'optimize', passes: ALL_PASSES },
    ]);
    expect(optimized.timings.optimize).toBeGreaterThan(0);

    const undone = snapshotOf(send(state, { kind: 'undo' }));
    expect(counts(undone)).toBe(counts(fused));
    expect(undone.summary.nodeCount).toBe(fused.summary.nodeCount);
    expect(undone.optimized).toBeUndefined();
    expect(downloaded(state).name).toBe('ch_ppocr_mobile_v2.0_cls_infer.fused.onnx');
    const redone = snapshotOf(send(state, { kind: 'redo' }));
    expect(counts(redone)).toBe(counts(optimized));
    expect(redone.optimized).toEqual(summary);

    const out = downloaded(state);
    expect(out.name).toBe('ch_ppocr_mobile_v2.0_cls_infer.optimized.onnx');
    expect(bnCount(out.bytes)).toBe(0);
    const diffs = await judge(decodeModel(bytes), decodeModel(out.bytes), { atol: 1e-4, rtol: 1e-3 });
    for (const [name, diff] of Object.entries(diffs)) expect({ name, pass: diff.pass }).toEqual({ name, pass: true });
  });

  it('replays a mixed history (fuse, optimize, fuse) to the same model bytes', () => {
    const bytes = encodeModel(buildResNetLike());
    const state: WorkerState = {};
    const loaded = snapshotOf(send(state, { kind: 'load', model: file('s.onnx', bytes), sideFiles: [] }));
    const fusible = loaded.candidates.filter((c) => c.status === 'fusible');
    send(state, { kind: 'fuse', ids: [fusible[0]?.id ?? ''] });
    // The folds left out: this step changes nothing else on the sample, so it must be refused.
    const nothing = send(state, { kind: 'optimize', passes: ALL_PASSES.filter((p) => p !== 'conv-bn-folds') });
    expect(nothing).toMatchObject({ kind: 'error', code: 'NOTHING_TO_OPTIMIZE' });
    const optimized = snapshotOf(send(state, { kind: 'optimize', passes: ['conv-bn-folds', 'dead-code'] }));
    expect(optimized.counts.fused).toBe(fusible.length);
    expect(optimized.steps.map((s) => s.op)).toEqual(['fuse', 'optimize']);
    const expected = downloaded(state);

    const fresh: WorkerState = {};
    const replayed = snapshotOf(
      send(fresh, { kind: 'replay', model: file('s.onnx', bytes), sideFiles: [], steps: optimized.steps }),
    );
    expect(replayed.steps).toEqual(optimized.steps);
    expect(replayed.counts).toEqual(optimized.counts);
    expect(replayed.fusedPairs).toEqual(optimized.fusedPairs);
    expect(replayed.optimized).toEqual(optimized.optimized);
    const again = downloaded(fresh);
    expect(again.name).toBe('s.optimized.onnx');
    expect(Buffer.from(again.bytes).equals(Buffer.from(expected.bytes))).toBe(true);
    // Undo in the replayed session goes back across the optimize step to the fusion.
    expect(snapshotOf(send(fresh, { kind: 'undo' })).counts.fused).toBe(1);
  });

  it('a pass turned off is not applied, and refusals change nothing', () => {
    const bytes = readRealModel(CLS);
    const state: WorkerState = {};
    const loaded = snapshotOf(send(state, { kind: 'load', model: file(CLS, bytes), sideFiles: [] }));
    const withoutFolds = ALL_PASSES.filter((p) => p !== 'conv-bn-folds');
    const optimized = snapshotOf(send(state, { kind: 'optimize', passes: withoutFolds }));
    // No BN was folded: the Conv/BN counts are those of the opened model, and every BN is still there.
    expect(counts(optimized)).toBe(counts(loaded));
    expect(bnCount(downloaded(state).bytes)).toBe(bnCount(bytes));
    expect(optimized.optimized?.passes.map((p) => p.pass)).toEqual(withoutFolds);
    expect(optimized.summary.nodeCount).toBeLessThan(loaded.summary.nodeCount);
    expect(optimized.steps).toEqual([{ op: 'optimize', passes: withoutFolds }]);

    const unknown = send(state, { kind: 'optimize', passes: ['no-such-pass'] });
    expect(unknown).toMatchObject({ kind: 'error', code: 'UNKNOWN_PASS' });
    expect((unknown as { message: string }).message).toMatch(/^Unknown pass "no-such-pass"; valid passes: constants/);
    const none = send(state, { kind: 'optimize', passes: [] });
    expect(none).toMatchObject({ kind: 'error', code: 'NOTHING_TO_OPTIMIZE' });
    // Optimizing again finds nothing more with the same passes: refused, and the history stays.
    const again = send(state, { kind: 'optimize', passes: withoutFolds });
    expect(again).toMatchObject({ kind: 'error', code: 'NOTHING_TO_OPTIMIZE' });
    const still = snapshotOf(send(state, { kind: 'redo' }));
    expect(still.steps).toEqual(optimized.steps);
    expect(still.summary.nodeCount).toBe(optimized.summary.nodeCount);
  });
});
