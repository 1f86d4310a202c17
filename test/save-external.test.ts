import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildResNetLike } from '../src/fixtures/models.ts';
import { applyAll } from '../src/fusion/index.ts';
import {
  decodeModel,
  encodeModel,
  joinParts,
  moveToSideFile,
  partsSize,
  writeExternalBytes,
} from '../src/onnx/index.ts';
import type { TensorProto } from '../src/onnx/types.ts';
import { ModelSession } from '../src/worker/session.ts';
import { judgeOnDisk } from './helpers/judge.ts';

const dir = mkdtempSync(join(tmpdir(), 'bnfold-save-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The model at `path` (with its side files beside it), run by onnxruntime, agrees with `original`. */
async function expectAgreesOnDisk(original: Uint8Array, path: string, seed: number): Promise<void> {
  const diffs = await judgeOnDisk(original, path, { atol: 1e-4, rtol: 1e-3 }, seed);
  expect(Object.keys(diffs).length).toBeGreaterThan(0);
  for (const [name, diff] of Object.entries(diffs)) expect({ name, pass: diff.pass }).toEqual({ name, pass: true });
}

describe('saving past the single-file limit', () => {
  it('writes a small model plus one data file, which onnxruntime loads and agrees with', async () => {
    const original = encodeModel(buildResNetLike());
    const session = ModelSession.open({ name: 'net.onnx', bytes: original.slice().buffer }, []);
    session.fuseAll();
    // A limit of 1 KB stands in for protobuf's 2 GiB, which a test cannot reasonably write.
    const files = session.download(1024);
    expect(files.map((f) => f.name)).toEqual(['net.fused.onnx', 'net.fused.onnx.data']);
    const [model, data] = files.map((f) => joinParts(f.parts)) as [Uint8Array, Uint8Array];
    const decoded = decodeModel(model);
    const external = (decoded.graph?.initializer ?? []).filter((t) => t.externalData?.length);
    expect(external.length).toBeGreaterThan(5);
    expect(model.byteLength).toBeLessThan(data.byteLength / 4);
    for (const t of external) {
      const offset = Number(t.externalData?.find((e) => e.key === 'offset')?.value);
      expect(offset % 4096).toBe(0);
    }

    writeFileSync(join(dir, 'net.fused.onnx'), model);
    writeFileSync(join(dir, 'net.fused.onnx.data'), data);
    await expectAgreesOnDisk(original, join(dir, 'net.fused.onnx'), 5);
  });

  it('splits the data into side files of at most the given size, which onnxruntime reads together', async () => {
    const original = encodeModel(buildResNetLike());
    const fused = applyAll(buildResNetLike()).model;
    const files = moveToSideFile(fused, new Map(), 'split.onnx.data', 1024, 40_000);
    expect(files.map((f) => f.name).slice(0, 3)).toEqual(['split.onnx.data', 'split.onnx-2.data', 'split.onnx-3.data']);
    // Only a file holding one tensor larger than the limit may pass it.
    const tensorsIn = new Map<string, number>();
    for (const t of fused.graph?.initializer ?? []) {
      const location = t.externalData?.find((e) => e.key === 'location')?.value;
      if (location) tensorsIn.set(location, (tensorsIn.get(location) ?? 0) + 1);
    }
    for (const f of files) expect(partsSize(f.parts) <= 40_000 || tensorsIn.get(f.name) === 1, f.name).toBe(true);
    expect([...tensorsIn.keys()].sort()).toEqual(files.map((f) => f.name).sort());
    const sub = mkdtempSync(join(dir, 'split-'));
    writeFileSync(join(sub, 'split.onnx'), encodeModel(fused));
    for (const f of files) writeFileSync(join(sub, f.name), joinParts(f.parts));
    await expectAgreesOnDisk(original, join(sub, 'split.onnx'), 9);
  });

  it('under the limit, stays one file, named for what changed', () => {
    const session = ModelSession.open({ name: 'net.onnx', bytes: encodeModel(buildResNetLike()).slice().buffer }, []);
    // Nothing changed yet: the download is the model as opened, under its own name.
    expect(session.download().map((f) => f.name)).toEqual(['net.onnx']);
    session.fuseAll();
    expect(session.download().map((f) => f.name)).toEqual(['net.fused.onnx']);
    session.undo();
    expect(session.download().map((f) => f.name)).toEqual(['net.onnx']);
  });
});

describe('appending to side files', () => {
  const tensor = (): TensorProto => ({ name: 't', dataType: 1 });
  const bytes = (fill: number, n = 16) => new Uint8Array(n).fill(fill);

  it('appends in place with spare room, never changing bytes an earlier view holds', () => {
    const files = new Map<string, Uint8Array>();
    writeExternalBytes(tensor(), bytes(1), files, 'w.bin');
    const first = files.get('w.bin') as Uint8Array;
    writeExternalBytes(tensor(), bytes(2), files, 'w.bin');
    const second = files.get('w.bin') as Uint8Array;
    // Same buffer: no copy of what was written before.
    expect(second.buffer).toBe(first.buffer);
    expect([...first]).toEqual([...bytes(1)]);
    expect(second.length).toBe(64 + 16);
    // A write from the earlier view (an undone step that fuses again) must not touch `second`.
    const branch = new Map([['w.bin', first]]);
    writeExternalBytes(tensor(), bytes(3), branch, 'w.bin');
    expect(branch.get('w.bin')?.buffer).not.toBe(first.buffer);
    expect([...(second.subarray(64) ?? [])]).toEqual([...bytes(2)]);
    expect([...(branch.get('w.bin')?.subarray(64) ?? [])]).toEqual([...bytes(3)]);
  });

  it('a thousand appends of 64 KB copy about the total once, not a thousand times', () => {
    const files = new Map<string, Uint8Array>();
    const buffers = new Set<ArrayBufferLike>();
    for (let i = 0; i < 1000; i++) {
      writeExternalBytes(tensor(), bytes(i % 256, 65_536), files, 'w.bin');
      buffers.add((files.get('w.bin') as Uint8Array).buffer);
    }
    expect(files.get('w.bin')?.length).toBe(1000 * 65_536);
    // Growth by half again each time: a few dozen buffers, not a thousand.
    expect(buffers.size).toBeLessThan(40);
  });

  it('past 2 GiB, still grows with room to spare (no copy of the whole file per append)', () => {
    // A view over a large (sparse, untouched) buffer stands for a side file of 2.2 GB.
    const big = new Uint8Array(new ArrayBuffer(2.2e9));
    const files = new Map([['w.bin', big]]);
    writeExternalBytes(tensor(), bytes(1, 1 << 20), files, 'w.bin');
    const first = files.get('w.bin') as Uint8Array;
    writeExternalBytes(tensor(), bytes(2, 1 << 20), files, 'w.bin');
    expect(files.get('w.bin')?.buffer).toBe(first.buffer);
    expect(first.buffer.byteLength).toBeGreaterThan(2.2e9 + 2 ** 29);
  });
});
