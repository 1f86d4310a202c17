import { describe, expect, it } from 'vitest';
import { buildLargeChain } from '../src/fixtures/large-models.ts';
import { buildResNetLike } from '../src/fixtures/models.ts';
import { encodeModel } from '../src/onnx/index.ts';
import type { ModelProto } from '../src/onnx/types.ts';
import { handleRequest, type WorkerState } from '../src/worker/handlers.ts';
import type { SyncRequest, WorkerResponse } from '../src/worker/protocol.ts';

let nextId = 1;

type Body = SyncRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

function ask(state: WorkerState, request: Body): WorkerResponse {
  return handleRequest({ ...request, id: nextId++ } as SyncRequest, state, () => {}).response;
}

function diffOf(state: WorkerState): Extract<WorkerResponse, { kind: 'diff' }> {
  const response = ask(state, { kind: 'diff' });
  if (response.kind !== 'diff') throw new Error(`expected a diff, got ${JSON.stringify(response)}`);
  return response;
}

function load(state: WorkerState, model: ModelProto): void {
  const bytes = encodeModel(model);
  ask(state, { kind: 'load', model: { name: 'm.onnx', bytes: bytes.slice().buffer }, sideFiles: [] });
}

describe('the diff request', () => {
  it('answers the opened model laid out where the fused one is drawn, and names each change by view id', () => {
    const state: WorkerState = {};
    load(state, buildResNetLike());
    expect(diffOf(state).diff.nodes).toEqual([]);
    const fused = ask(state, { kind: 'fuseAll' });
    if (fused.kind !== 'snapshot') throw new Error('fuseAll failed');
    const answer = diffOf(state);
    const { diff, original, ids } = answer;
    const removedIds = diff.nodes
      .filter((c) => c.status === 'removed')
      .map((c) => ids.original[c.anchor.original ?? -1]);
    expect(removedIds).toHaveLength(7);
    for (const id of removedIds) expect(original.nodes.find((n) => n.id === id)?.op).toBe('BatchNormalization');
    // A node both sides have sits at the same place on both.
    const currentById = new Map(fused.snapshot.view.nodes.map((n) => [n.id, n]));
    for (const [i, j] of diff.matched) {
      const left = original.nodes.find((n) => n.id === ids.original[i]);
      const right = currentById.get(ids.current[j] ?? '');
      expect(left && right && [left.x, left.y]).toEqual(right && [right.x, right.y]);
    }
    // Undo back to the opened model: nothing left to show.
    ask(state, { kind: 'undo' });
    expect(diffOf(state).diff.counts).toMatchObject({ removed: 0, added: 0, changed: 0 });
  });

  it('lays the opened model out with the groups open that the current view has open', () => {
    const state: WorkerState = {};
    load(state, buildLargeChain(2_000));
    ask(state, { kind: 'fuseAll' });
    const answer = diffOf(state);
    expect(answer.diff.counts).toMatchObject({ removed: 500, changed: 500 });
    expect(answer.original.nodes.some((n) => n.kind === 'group')).toBe(true);
    const toggled = ask(state, { kind: 'toggleGroup', groupId: 'group:stage0' });
    if (toggled.kind !== 'snapshot') throw new Error('toggle failed');
    // The same groups open, and the one-op groups around the BNs the fused model no longer has.
    const open = new Set(diffOf(state).original.expanded);
    expect(open.has('group:stage0')).toBe(true);
    for (const id of toggled.snapshot.view.expanded) expect(open.has(id)).toBe(true);
  });

  it('says no model is loaded before one is', () => {
    expect(ask({}, { kind: 'diff' })).toMatchObject({ kind: 'error', code: 'NO_MODEL' });
  });
});
