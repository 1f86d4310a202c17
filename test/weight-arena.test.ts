import { describe, expect, it } from 'vitest';
import { buildResNetLike } from '../src/fixtures/models.ts';
import { applyAll, findFusions } from '../src/fusion/index.ts';
import { encodeModel, joinParts } from '../src/onnx/index.ts';
import { handleRequest, type WorkerState } from '../src/worker/handlers.ts';
import { ARENA_LIMIT_BYTES, fuseAllWeightBytes, WeightArena } from '../src/worker/weight-arena.ts';

describe('WeightArena: memory touched while idle, for the weights Fuse all writes', () => {
  it('hands out zeroed, 8-byte aligned pieces in order, and new memory once it runs out', () => {
    const arena = new WeightArena(100);
    const a = arena.allocate(10);
    const b = arena.allocate(20);
    expect(a.buffer).toBe(b.buffer);
    expect(b.byteOffset).toBe(16);
    expect([...a, ...b].every((v) => v === 0)).toBe(true);
    const past = arena.allocate(80);
    expect(past.buffer).not.toBe(a.buffer);
    expect(past.length).toBe(80);
  });

  it('touches its pages a slice at a time, and never holds more than its limit', () => {
    const arena = new WeightArena(20 * 2 ** 20);
    let slices = 1;
    while (arena.touchSlice()) slices++;
    expect(slices).toBe(3);
    expect(arena.touchedBytes).toBe(arena.length);
    expect(new WeightArena(ARENA_LIMIT_BYTES * 2).length).toBe(ARENA_LIMIT_BYTES);
  });

  it("is sized to the main graph's fusible weights, and a fusion into it writes the same bytes", () => {
    const model = buildResNetLike();
    const candidates = findFusions(model);
    const kept = new Set(candidates.filter((c) => c.status === 'fusible').map((c) => c.keptNode));
    const weights = (model.graph?.node ?? []).filter((n) => kept.has(n.name ?? '')).map((n) => n.input?.[1]);
    const expected = (model.graph?.initializer ?? [])
      .filter((t) => weights.includes(t.name ?? ''))
      .reduce((n, t) => n + (t.rawData?.length ?? 0), 0);
    expect(expected).toBeGreaterThan(0);
    expect(fuseAllWeightBytes(model.graph ?? {}, candidates)).toBe(expected);

    const arena = new WeightArena(expected);
    const withArena = applyAll(model, { allocate: arena.allocate });
    const plain = applyAll(model);
    expect(Buffer.from(encodeModel(withArena.model)).equals(Buffer.from(encodeModel(plain.model)))).toBe(true);
    // Every fused weight went into the arena.
    const fusedWeights = (withArena.model.graph?.initializer ?? []).filter((t) => t.name?.endsWith('_fused'));
    expect(fusedWeights.length).toBeGreaterThan(0);
    for (const t of fusedWeights.filter((w) => (w.dims?.length ?? 0) === 4)) {
      expect(t.rawData?.buffer).toBe(arena.allocate(0).buffer);
    }
  });

  it('the worker prepares an arena while idle and Fuse all gives the same download as without', () => {
    const bytes = encodeModel(buildResNetLike());
    const load = (state: WorkerState) =>
      handleRequest(
        { id: 1, kind: 'load', model: { name: 'r.onnx', bytes: bytes.slice().buffer }, sideFiles: [] },
        state,
      );
    const download = (state: WorkerState) => joinParts(state.session?.download()[0]?.parts ?? []);
    const prepared: WorkerState = {};
    load(prepared);
    const work = prepared.session?.idleWork();
    if (!work) throw new Error('no idle work for a model with fusible pairs');
    while (work()) {}
    // Prepared once per model: nothing more to do until the model changes.
    expect(prepared.session?.idleWork()).toBeUndefined();
    handleRequest({ id: 2, kind: 'fuseAll' }, prepared);
    const plain: WorkerState = {};
    load(plain);
    handleRequest({ id: 2, kind: 'fuseAll' }, plain);
    expect(Buffer.from(download(prepared)).equals(Buffer.from(download(plain)))).toBe(true);
    // After Fuse all nothing is fusible: no arena is set aside for the fused model.
    expect(prepared.session?.idleWork()).toBeUndefined();
  });
});
