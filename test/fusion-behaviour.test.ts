import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { diffOutputs } from '../src/compare/diff.ts';
import { buildIdentityWeights, buildIfConvBn, buildSharedWeight } from '../src/fixtures/fusion-models.ts';
import { buildConvBn, buildResNetLike } from '../src/fixtures/models.ts';
import { applyAll, applyFusions, findFusions } from '../src/fusion/index.ts';
import { cloneModel } from '../src/onnx/clone.ts';
import { embedExternalData, encodeModel, isExternal, readFloatValues, writeExternalBytes } from '../src/onnx/index.ts';
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
    const model = buildConvBn({ dtype: 'float16', bias: false, seed: 5, inChannels: 2, outChannels: 3 });
    const { model: fused, record } = applyAll(model);
    // Worked out apart from this code base: numpy folds the fixture's float16 values in float64
    // (s = scale / sqrt(var + 1e-5), W·s, bias − mean·s) and rounds once with astype(float16).
    const expectedWeight = [
      0x2f74, 0x315a, 0xb180, 0x2cd6, 0xb412, 0x2b3c, 0x3052, 0xa694, 0x33f6, 0xb14f, 0x317e, 0x30b9, 0x2e4d, 0xb4c5,
      0xa56f, 0xafd6, 0x33c8, 0xb029, 0x3309, 0x3228, 0xb2ca, 0xb6a0, 0x340b, 0xb405, 0xb244, 0xb530, 0xa698, 0x36c6,
      0xb304, 0xb5c5, 0x34cd, 0xb10b, 0xad18, 0x36b1, 0xb248, 0xae46, 0xb7aa, 0x3901, 0x3607, 0x3923, 0x2502, 0x3823,
      0x340b, 0xb8e2, 0x3361, 0x3035, 0xb502, 0x378f, 0x31ef, 0xbaab, 0x39db, 0xb44b, 0xb410, 0x3913,
    ];
    const expectedBias = [0xb027, 0x3469, 0xb17e];
    const bitsOf = (name: string | undefined) => {
      const tensor = initializer(fused, name ?? '') as TensorProto;
      expect(tensor.dataType).toBe(10);
      return Array.from(new Uint16Array(Uint8Array.from(tensor.rawData as Uint8Array).buffer));
    };
    const [weightName, biasName] = record.applied[0]?.addedInitializers ?? [];
    expect(bitsOf(weightName)).toEqual(expectedWeight);
    expect(bitsOf(biasName)).toEqual(expectedBias);
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

  it('follows a chain of two Identities to the weight, and removes the chain with it', () => {
    const { model: fused } = applyAll(buildIdentityWeights('chain'));
    expect((fused.graph?.node ?? []).map((n) => n.opType)).toEqual(['Conv']);
    expect(initializerNames(fused)).not.toContain('stored.weight');
    expect(fused.graph?.node?.[0]?.input?.[1]).toBe('stored.weight_fused');
  });

  it('leaves a weight behind an Identity shared with an unfused conv as it was', async () => {
    const model = buildIdentityWeights('shared-one-fused');
    const original = readFloatValues(initializer(model, 'stored.weight') as TensorProto);
    const { model: fused } = applyAll(model);
    // The stored weight and its Identity still serve the right conv, with their values unchanged.
    expect(readFloatValues(initializer(fused, 'stored.weight') as TensorProto)).toEqual(original);
    expect(readFloatValues(initializer(model, 'stored.weight') as TensorProto)).toEqual(original);
    const convs = (fused.graph?.node ?? []).filter((n) => n.opType === 'Conv');
    expect(convs.map((n) => [n.name, n.input?.[1]])).toEqual([
      ['/left/Conv', 'stored.weight_fused'],
      ['/right/Conv', 'weight.once'],
    ]);
    expect(fused.graph?.node?.find((n) => n.opType === 'Identity')?.input).toEqual(['stored.weight']);
    const diffs = await judge(model, fused, { atol: 1e-4, rtol: 1e-3 });
    expect(Object.keys(diffs).sort()).toEqual(['left_out', 'right_out']);
    for (const diff of Object.values(diffs)) expect(diff.pass).toBe(true);
    // The unfused conv's output is exactly what it was: its weight was not touched.
    expect(diffs.right_out?.maxAbs).toBe(0);
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
