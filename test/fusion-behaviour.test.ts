import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { diffOutputs } from '../src/compare/diff.ts';
import { buildIfConvBn, buildSharedWeight } from '../src/fixtures/fusion-models.ts';
import { buildConvBn, buildResNetLike } from '../src/fixtures/models.ts';
import { cloneModel } from '../src/fusion/clone.ts';
import { bnAffine, foldAffineAfter } from '../src/fusion/fold.ts';
import { applyAll, applyFusions, findFusions } from '../src/fusion/index.ts';
import { numberToFloat16Bits } from '../src/onnx/float16.ts';
import {
  embedExternalData,
  encodeModel,
  isExternal,
  readFloatValues,
  tensorDims,
  writeExternalBytes,
} from '../src/onnx/index.ts';
import type { ModelProto, TensorProto } from '../src/onnx/types.ts';
import { judge } from './helpers/judge.ts';
import { runModel } from './helpers/ort.ts';

const initializer = (model: ModelProto, name: string) => model.graph?.initializer?.find((t) => t.name === name);
const initializerNames = (model: ModelProto) => (model.graph?.initializer ?? []).map((t) => t.name);
const inputNames = (model: ModelProto) => (model.graph?.input ?? []).map((v) => v.name);

describe('fusion behaviour', () => {
  it('fuses inside an If branch, and both branches still agree', async () => {
    const model = buildIfConvBn();
    const { model: fused, record } = applyAll(model);
    expect(record.applied.map((a) => a.graphPath)).toEqual(['main//if/If.then_branch']);
    const x = new ort.Tensor(
      'float32',
      Float32Array.from({ length: 256 }, (_, i) => Math.sin(i)),
      [1, 4, 8, 8],
    );
    for (const flag of [true, false]) {
      const feeds = { x, flag: new ort.Tensor('bool', Uint8Array.of(flag ? 1 : 0), []) };
      const [a, b] = await Promise.all([runModel(encodeModel(model), feeds), runModel(encodeModel(fused), feeds)]);
      const diff = diffOutputs(a.y?.data as Float32Array, b.y?.data as Float32Array, { atol: 1e-4, rtol: 1e-3 });
      expect(diff.pass).toBe(true);
    }
    // The outer weight was only read by the fused conv: it goes.
    expect(initializerNames(fused)).not.toContain('outer.weight');
  });

  it('writes float16 weights rounded to nearest even from the float64 fold', () => {
    const model = buildConvBn({ dtype: 'float16', bias: false, seed: 5 });
    const { model: fused, record } = applyAll(model);
    const read = (m: ModelProto, name: string) => readFloatValues(initializer(m, name) as TensorProto);
    const { s, t } = bnAffine(
      read(model, 'bn.scale'),
      read(model, 'bn.bias'),
      read(model, 'bn.mean'),
      read(model, 'bn.var'),
      Math.fround(1e-5),
    );
    const weight = initializer(model, 'conv.weight') as TensorProto;
    const expected = foldAffineAfter(
      read(model, 'conv.weight'),
      undefined,
      { dims: tensorDims(weight), group: 1, transpose: false },
      { s, t },
    );
    const [weightName, biasName] = record.applied[0]?.addedInitializers ?? [];
    const fusedWeight = initializer(fused, weightName as string) as TensorProto;
    expect(fusedWeight.dataType).toBe(weight.dataType);
    expect(fusedWeight.rawData?.length).toBe(weight.rawData?.length);
    const bits = new Uint16Array(Uint8Array.from(fusedWeight.rawData as Uint8Array).buffer);
    expect(Array.from(bits)).toEqual(Array.from(expected.weight, numberToFloat16Bits));
    const bias = readFloatValues(initializer(fused, biasName as string) as TensorProto);
    expect(Array.from(bias)).toEqual(
      Array.from(
        expected.bias,
        (v) => readFloatValues({ dataType: 10, dims: [], int32Data: [numberToFloat16Bits(v)] })[0],
      ),
    );
  });

  it('keeps IR < 4 graph inputs in step with the initializers', () => {
    const model = buildConvBn({ irVersion: 3, opset: 8 });
    const { model: fused, record } = applyAll(model);
    const [applied] = record.applied;
    expect(applied?.removedInitializers.sort()).toEqual([
      'bn.bias',
      'bn.mean',
      'bn.scale',
      'bn.var',
      'conv.bias',
      'conv.weight',
    ]);
    for (const name of applied?.addedInitializers ?? []) expect(inputNames(fused)).toContain(name);
    for (const name of applied?.removedInitializers ?? []) expect(inputNames(fused)).not.toContain(name);
    expect(inputNames(fused).sort()).toEqual(['x', ...(applied?.addedInitializers ?? [])].sort());
  });

  it('never changes a shared tensor in place, and removes it only when nobody reads it', () => {
    const both = applyAll(buildSharedWeight({ secondFusible: true })).model;
    expect(initializerNames(both)).not.toContain('shared.weight');
    expect(initializerNames(both)).not.toContain('left.scale');
    const one = buildSharedWeight({ secondFusible: false });
    const original = readFloatValues(initializer(one, 'shared.weight') as TensorProto);
    const fused = applyAll(one).model;
    expect(readFloatValues(initializer(fused, 'shared.weight') as TensorProto)).toEqual(original);
    expect(initializerNames(fused)).toContain('left.scale');
  });

  it('applies only the requested candidates, with ids that stay stable', () => {
    const model = buildResNetLike();
    const candidates = findFusions(model);
    const fusible = candidates.filter((c) => c.status === 'fusible');
    const chosen = fusible[2]?.id as string;
    const { model: fused, record } = applyFusions(model, [chosen, 'conv-bn:nothing-here']);
    expect(record.applied.map((a) => a.id)).toEqual([chosen]);
    expect(record.skipped).toEqual([{ id: 'conv-bn:nothing-here', reason: 'No candidate has this id.' }]);
    const after = findFusions(fused);
    expect(after.map((c) => c.id)).toEqual(candidates.map((c) => c.id).filter((id) => id !== chosen));
  });

  it('says why a requested candidate was not applied', () => {
    const model = buildResNetLike();
    const blocked = findFusions(model).find((c) => c.status === 'blocked');
    const { record } = applyFusions(model, [blocked?.id as string]);
    expect(record.applied).toEqual([]);
    expect(record.skipped[0]?.reason).toMatch(/graph output/);
  });

  it('reads and writes weights stored in side files (external data)', async () => {
    const model = buildConvBn({ seed: 9 });
    const files = new Map<string, Uint8Array>();
    for (const t of model.graph?.initializer ?? [])
      writeExternalBytes(t, t.rawData as Uint8Array, files, 'weights.bin');
    expect(findFusions(model)[0]?.blocked?.reason).toBe('EXTERNAL_DATA_MISSING');
    const { model: fused, sideFiles, record } = applyAll(model, { sideFiles: files });
    expect(record.applied).toHaveLength(1);
    const added = (fused.graph?.initializer ?? []).filter((t) =>
      record.applied[0]?.addedInitializers.includes(t.name ?? ''),
    );
    expect(added.every((t) => isExternal(t))).toBe(true);
    // Fused weights go to a side file of their own; the original one is untouched, not copied.
    expect(added.map((t) => t.externalData?.find((e) => e.key === 'location')?.value)).toEqual([
      'weights.fused-1.bin',
      'weights.fused-1.bin',
    ]);
    expect(sideFiles.get('weights.bin')).toBe(files.get('weights.bin'));
    expect(files.has('weights.fused-1.bin')).toBe(false);
    const original = cloneModel(model);
    embedExternalData(original, files);
    embedExternalData(fused, sideFiles);
    const diffs = await judge(original, fused, { atol: 1e-4, rtol: 1e-3 });
    expect(Object.values(diffs).every((d) => d.pass)).toBe(true);
  });

  it('keeps the BN output name, so consumers and graph outputs are untouched', () => {
    const model = buildConvBn();
    const { model: fused } = applyAll(model);
    const nodes = fused.graph?.node ?? [];
    expect(nodes.map((n) => n.opType)).toEqual(['Conv']);
    expect(nodes[0]?.output).toEqual(['y']);
    expect(nodes[0]?.name).toBe('/conv/Conv');
    expect(fused.opsetImport).toEqual(model.opsetImport);
    expect(fused.graph?.output).toEqual(model.graph?.output);
    expect(fused.graph?.input).toEqual(model.graph?.input);
  });

  it('leaves metadata, doc strings and producer as they were', () => {
    const model = buildResNetLike();
    model.metadataProps = [{ key: 'author', value: 'someone' }];
    const { model: fused } = applyAll(model);
    expect(fused.metadataProps).toEqual(model.metadataProps);
    expect(fused.docString).toBe(model.docString);
    expect([fused.producerName, fused.producerVersion, fused.irVersion]).toEqual([
      model.producerName,
      model.producerVersion,
      model.irVersion,
    ]);
  });
});
