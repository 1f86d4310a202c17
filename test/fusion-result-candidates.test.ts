/**
 * A fusion hands back what its searches found: the candidates of the fused model (its last round)
 * and of the input model (its first), each exactly what `findFusions` returns, so that neither the
 * worker nor the CLI searches the same model twice.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { fuseCommand } from '../src/cli/fuse.ts';
import { buildConvBnAdd, buildConvMulAdd, buildIfConvBn, buildSharedWeight } from '../src/fixtures/fusion-models.ts';
import { buildConvBn, buildResNetLike } from '../src/fixtures/models.ts';
import * as find from '../src/fusion/find.ts';
import { applyAll, applyFusions, type FusionOptions, findFusions } from '../src/fusion/index.ts';
import { decodeModel, encodeModel, encodeModelParts, joinParts, writeExternalBytes } from '../src/onnx/index.ts';
import type { ModelProto } from '../src/onnx/types.ts';
import { handleRequest, type WorkerState } from '../src/worker/handlers.ts';
import type { SyncRequest, WorkerResponse } from '../src/worker/protocol.ts';
import { readRealModel } from './helpers/real-models.ts';

vi.mock('../src/fusion/find.ts', { spy: true });

const MODELS: [string, () => ModelProto][] = [
  ['ResNet-like sample (one pair blocked)', () => buildResNetLike()],
  ['Conv→Mul→Add (a second round)', () => buildConvMulAdd([4, 1, 1], [1, 4, 1, 1])],
  ['Conv→BN→Add (weight folded twice)', () => buildConvBnAdd()],
  ['shared weight, second pair blocked', () => buildSharedWeight({ secondFusible: false })],
  ['Conv→BN inside If', () => buildIfConvBn()],
  ['PaddleOCR det', () => decodeModel(readRealModel('ch_PP-OCRv4_det_infer.onnx'))],
];

describe('FusionResult.candidates', () => {
  it.each(MODELS)('%s: applyAll gives the fused and the input model’s candidates', (_name, build) => {
    const model = build();
    const before = findFusions(model);
    const result = applyAll(model);
    expect(result.record.applied.length).toBeGreaterThan(0);
    expect(result.initialCandidates).toEqual(before);
    expect(result.candidates).toEqual(findFusions(result.model, { sideFiles: result.sideFiles }));
  });

  it('applyFusions of one id: the other candidates are still there, as a search finds them', () => {
    const model = buildResNetLike();
    const first = findFusions(model).find((c) => c.status === 'fusible')?.id ?? '';
    const result = applyFusions(model, [first]);
    expect(result.record.applied.map((a) => a.id)).toEqual([first]);
    expect(result.candidates).toEqual(findFusions(result.model));
    expect(result.candidates.filter((c) => c.status === 'fusible')).toHaveLength(6);
  });

  it('with weights in a side file, read from the fused side files', () => {
    const model = buildConvBn({ seed: 9 });
    const files = new Map<string, Uint8Array>();
    for (const t of model.graph?.initializer ?? []) writeExternalBytes(t, t.rawData as Uint8Array, files, 'w.bin');
    const options: FusionOptions = { sideFiles: files };
    const result = applyAll(model, options);
    expect(result.candidates).toEqual(findFusions(result.model, { sideFiles: result.sideFiles }));
    expect(result.initialCandidates).toEqual(findFusions(model, options));
  });

  it('nothing fusible: both are the one search', () => {
    const model = buildConvMulAdd([4], undefined);
    const result = applyAll(model);
    expect(result.record.applied).toEqual([]);
    expect(result.candidates).toEqual(findFusions(model));
    expect(result.initialCandidates).toBe(result.candidates);
  });
});

describe('the worker does not search a fused model again', () => {
  it('Fuse all: the fusion searches twice (its two rounds), nothing searches after it', () => {
    const state: WorkerState = {};
    const bytes = encodeModel(buildResNetLike());
    const send = (body: Omit<SyncRequest, 'id'>): WorkerResponse =>
      handleRequest({ ...body, id: 1 } as SyncRequest, state, () => {}).response;
    send({ kind: 'load', model: { name: 'net.onnx', bytes: bytes.slice().buffer }, sideFiles: [] } as Omit<
      SyncRequest,
      'id'
    >);
    const planFusions = vi.mocked(find.planFusions);
    const findFusionsSpy = vi.mocked(find.findFusions);
    planFusions.mockClear();
    findFusionsSpy.mockClear();
    const response = send({ kind: 'fuseAll' } as Omit<SyncRequest, 'id'>);
    expect(response.kind).toBe('snapshot');
    // Round one finds 7, round two finds none left: two searches by the fusion, none after it.
    expect(planFusions).toHaveBeenCalledTimes(2);
    expect(findFusionsSpy).not.toHaveBeenCalled();
    if (response.kind === 'snapshot') expect(response.snapshot.counts).toMatchObject({ fusible: 0, fused: 7 });
  });
});

describe('the CLI searches the model once', () => {
  it('fuse reports the candidates from the fusion’s first round', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bnfold-candidates-'));
    try {
      const file = join(dir, 'net.onnx');
      const bytes = encodeModel(buildResNetLike());
      writeFileSync(file, bytes);
      const planFusions = vi.mocked(find.planFusions);
      const findFusionsSpy = vi.mocked(find.findFusions);
      planFusions.mockClear();
      findFusionsSpy.mockClear();
      const lines: string[] = [];
      const options = { output: join(dir, 'out.onnx'), json: false, verify: false, seed: 1, shapes: {} };
      await fuseCommand(file, { ...options, inputInitializersAreConstant: false }, { out: (l) => lines.push(l) });
      expect(planFusions).toHaveBeenCalledTimes(2);
      expect(findFusionsSpy).not.toHaveBeenCalled();
      expect(lines.join('\n')).toMatch(/net\.onnx: 8 candidates, 7 fusible, 1 blocked/);
      expect(lines.join('\n')).toMatch(/applied 7 fusions/);
      // Written over the input's weights (the CLI gives up its input model), byte for byte what
      // the page's fusion into new memory writes.
      const expected = joinParts(encodeModelParts(applyAll(decodeModel(bytes)).model));
      expect(new Uint8Array(readFileSync(join(dir, 'out.onnx')))).toEqual(expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
