import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildLargeChain } from '../src/fixtures/large-models.ts';
import { buildResNetLike } from '../src/fixtures/models.ts';
import * as fold from '../src/fusion/fold.ts';
import { encodeModel } from '../src/onnx/index.ts';
import { handleRequest, type WorkerState } from '../src/worker/handlers.ts';
import type { SyncRequest, WorkerResponse } from '../src/worker/protocol.ts';

vi.mock('../src/fusion/fold.ts', { spy: true });

type Body = SyncRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;
let nextId = 1;
const send = (state: WorkerState, body: Body): WorkerResponse =>
  handleRequest({ ...body, id: nextId++ } as SyncRequest, state, () => {}).response;

/** The model as the worker holds it now, by the hash of its encoding. */
async function hashOf(state: WorkerState): Promise<string> {
  const response = send(state, { kind: 'download' });
  if (response.kind !== 'files') throw new Error(`download failed: ${JSON.stringify(response)}`);
  const hash = createHash('sha256');
  for (const f of response.files) hash.update(new Uint8Array(await f.blob.arrayBuffer()));
  return hash.digest('hex');
}

const counts = (r: WorkerResponse) =>
  r.kind === 'snapshot'
    ? `${r.snapshot.counts.fusible}/${r.snapshot.counts.blocked}/${r.snapshot.counts.fused}`
    : r.kind;

afterEach(() => vi.mocked(fold.foldAffineAfter).mockRestore());

describe('a failed action changes nothing; undo after it returns exactly the state before', () => {
  it('fails mid-fusion (out of memory on the third fold), then undo and redo, byte for byte', async () => {
    const state: WorkerState = {};
    const file = encodeModel(buildResNetLike());
    send(state, { kind: 'load', model: { name: 'net.onnx', bytes: file.slice().buffer }, sideFiles: [] });
    const loaded = await hashOf(state);
    const candidates = (send(state, { kind: 'undo' }) as Extract<WorkerResponse, { kind: 'snapshot' }>).snapshot
      .candidates;
    const first = candidates.find((c) => c.status === 'fusible')?.id ?? '';
    expect(counts(send(state, { kind: 'fuse', ids: [first] }))).toBe('6/1/1');
    const afterOne = await hashOf(state);
    expect(afterOne).not.toBe(loaded);

    // The third fold of "Fuse all" runs out of memory, after two folds already wrote new weights.
    const real = fold.foldAffineAfter;
    let calls = 0;
    vi.mocked(fold.foldAffineAfter).mockImplementation((...args) => {
      calls++;
      if (calls === 3) throw new RangeError('Array buffer allocation failed');
      return real(...args);
    });
    const failed = send(state, { kind: 'fuseAll' });
    expect(failed).toMatchObject({ kind: 'error', code: 'OUT_OF_MEMORY' });
    expect(failed.kind === 'error' && failed.message).toMatch(/ran out of memory.*nothing was changed/i);
    expect(calls).toBe(3);
    vi.mocked(fold.foldAffineAfter).mockRestore();

    // Exactly as before the failed action; undo returns to exactly the loaded model.
    expect(await hashOf(state)).toBe(afterOne);
    expect(counts(send(state, { kind: 'undo' }))).toBe('7/1/0');
    expect(await hashOf(state)).toBe(loaded);
    expect(counts(send(state, { kind: 'redo' }))).toBe('6/1/1');
    expect(await hashOf(state)).toBe(afterOne);
    // And the same action works once memory is back.
    expect(counts(send(state, { kind: 'fuseAll' }))).toBe('0/1/7');
  });

  it('every kind of failed request leaves the model byte for byte as it was', async () => {
    const state: WorkerState = {};
    const file = encodeModel(buildLargeChain(2000));
    send(state, { kind: 'load', model: { name: 'chain.onnx', bytes: file.slice().buffer }, sideFiles: [] });
    send(state, { kind: 'fuseAll' });
    send(state, { kind: 'undo' });
    const before = await hashOf(state);
    const failures: Body[] = [
      { kind: 'fuse', ids: ['no-such-candidate'] },
      { kind: 'fuse', ids: [] },
      { kind: 'load', model: { name: 'bad.onnx', bytes: new Uint8Array([8, 1, 18, 200]).buffer }, sideFiles: [] },
      { kind: 'details', nodeId: 'nothing' },
      { kind: 'toggleGroup', groupId: 'group:none' },
      { kind: 'reveal', nodeId: 'nothing' },
    ];
    for (const body of failures) {
      send(state, body);
      expect(await hashOf(state), body.kind).toBe(before);
    }
    // Redo still has the step the undo left.
    expect(counts(send(state, { kind: 'redo' }))).toBe('0/0/500');
  });
});
