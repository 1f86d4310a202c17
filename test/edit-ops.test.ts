import { describe, expect, it } from 'vitest';
import { defaultTolerance, diffOutputs } from '../src/compare/diff.ts';
import { applyEdit, type EditOp, type EditResult } from '../src/edit/index.ts';
import { valueInfo } from '../src/fixtures/builder.ts';
import { buildEditableClassifier } from '../src/fixtures/edit-models.ts';
import { buildIfConvBn } from '../src/fixtures/fusion-models.ts';
import { buildConvBn, buildResNetLike } from '../src/fixtures/models.ts';
import { buildIdentityChain } from '../src/fixtures/optimize-models.ts';
import { findFusions } from '../src/fusion/index.ts';
import { DataType, encodeModel } from '../src/onnx/index.ts';
import { encodeNpy } from '../src/onnx/npy.ts';
import type { ModelProto } from '../src/onnx/types.ts';
import { checkStructure } from './helpers/judge.ts';
import { bitIdentical, type Feeds, type Outputs, outputValues, randomFeeds, runModel } from './helpers/ort.ts';

/**
 * One row per op (several for the ops with more than one behaviour): the edit applied by
 * applyEdit, the edited model checked structurally, and both models run by onnxruntime-node on
 * the same inputs. `judge` says what must hold between the original's outputs and the edited
 * model's: the original is run with extra outputs where the edited model exposes an
 * intermediate value (add-output applied to it first, itself a tested op).
 */
interface Case {
  name: string;
  build: () => ModelProto;
  /** Edits applied in order; the last is the one the row is about. */
  ops: EditOp[];
  files?: Record<string, Uint8Array>;
  /** Values the original model is also asked for (as graph outputs) to compare against. */
  originalOutputs?: string[];
  /** Feeds for the edited model from the original's (renamed inputs, a bigger batch…). */
  feeds?: (original: Feeds) => Feeds;
  judge: (run: { original: Outputs; edited: Outputs; result: EditResult }) => void;
  description: RegExp;
}

function float32Npy(dims: number[], values: number[]): Uint8Array {
  return encodeNpy({ dataType: DataType.FLOAT, dims, data: new Uint8Array(Float32Array.from(values).buffer) });
}

function same(a: Outputs[string] | undefined, b: Outputs[string] | undefined): void {
  if (!a || !b) throw new Error('an output is missing');
  expect(b.dims).toEqual(a.dims);
  expect(bitIdentical({ x: a }, { x: b })).toBe(true);
}

function close(a: Outputs[string] | undefined, b: Outputs[string] | undefined): void {
  if (!a || !b) throw new Error('an output is missing');
  expect(b.dims).toEqual(a.dims);
  expect(diffOutputs(outputValues(a), outputValues(b), defaultTolerance('float32')).verdict).toBe('pass');
}

const fusible = (model: ModelProto) => findFusions(model).filter((c) => c.status === 'fusible');

const CASES: Case[] = [
  {
    name: 'fuse: the Conv/BN pair by id, outputs within tolerance',
    build: () => buildConvBn({ seed: 3 }),
    ops: [{ op: 'fuse', ids: fusible(buildConvBn({ seed: 3 })).map((c) => c.id) }],
    judge: ({ original, edited, result }) => {
      expect(result.model.graph?.node?.some((n) => n.opType === 'BatchNormalization')).toBe(false);
      for (const name of Object.keys(original)) close(original[name], edited[name]);
    },
    description: /^Fused BatchNormalization ".*" into Conv ".*"$/,
  },
  {
    name: 'fuse-all: every pair of the ResNet-like model',
    build: () => buildResNetLike(),
    ops: [{ op: 'fuse-all' }],
    judge: ({ original, edited, result }) => {
      expect(result.fusion?.record.applied.length).toBeGreaterThan(1);
      for (const name of Object.keys(original)) close(original[name], edited[name]);
    },
    description: /^Fused \d+ pairs$/,
  },
  {
    name: 'optimize: the no-op pass alone removes the Identities, bit for bit',
    build: buildIdentityChain,
    ops: [{ op: 'optimize', passes: ['no-ops'] }],
    judge: ({ original, edited, result }) => {
      expect(result.model.graph?.node?.map((n) => n.opType)).toEqual(['Relu']);
      same(original.y, edited.y);
    },
    description: /^Optimized: 3 → 1 nodes \(no-ops 2\)$/,
  },
  {
    name: 'set-input-shape: a symbolic batch; the output shape follows; batch 3 runs, each row as at batch 1',
    build: buildEditableClassifier,
    ops: [{ op: 'set-input-shape', input: 'image', dims: ['N', 3, 8, 8] }],
    feeds: (original) => {
      const image = original.image as Feeds[string];
      const data = new Float32Array(3 * image.data.length);
      for (let i = 0; i < 3; i++) data.set(image.data as Float32Array, i * image.data.length);
      return { image: { type: 'float32', dims: [3, 3, 8, 8], data } };
    },
    judge: ({ original, edited, result }) => {
      const dims = result.model.graph?.output?.[0]?.type?.tensorType?.shape?.dim?.map(
        (d) => d.dimParam || Number(d.dimValue),
      );
      expect(dims).toEqual(['N', 2]);
      expect(edited.probs?.dims).toEqual([3, 2]);
      const row = Array.from(original.probs?.data as Float32Array);
      expect(Array.from(edited.probs?.data as Float32Array)).toEqual([...row, ...row, ...row]);
    },
    description: /^Set input "image" to N×3×8×8$/,
  },
  {
    name: 'rename: a graph input; the session takes the new name',
    build: buildEditableClassifier,
    ops: [{ op: 'rename', value: 'image', to: 'pixels' }],
    feeds: (original) => ({ pixels: original.image as Feeds[string] }),
    judge: ({ original, edited }) => same(original.probs, edited.probs),
    description: /^Renamed "image" to "pixels"$/,
  },
  {
    name: 'rename: an intermediate value and the output; the output keeps its values',
    build: buildEditableClassifier,
    ops: [
      { op: 'rename', value: 'act_out', to: 'activation' },
      { op: 'rename', value: 'probs', to: 'scores' },
    ],
    judge: ({ original, edited, result }) => {
      expect(Object.keys(edited)).toEqual(['scores']);
      expect(result.model.graph?.node?.find((n) => n.name === 'pool')?.input).toEqual(['activation']);
      same(original.probs, edited.scores);
    },
    description: /^Renamed "probs" to "scores"$/,
  },
  {
    name: 'rename: a value an If body reads from outside; the body reads the new name',
    build: () => buildIfConvBn(),
    ops: [{ op: 'rename', value: 'x', to: 'features_in' }],
    feeds: (original) => ({ features_in: original.x as Feeds[string], flag: original.flag as Feeds[string] }),
    judge: ({ original, edited, result }) => {
      const body = result.model.graph?.node?.[0]?.attribute?.find((a) => a.name === 'then_branch')?.g;
      expect(body?.node?.[0]?.input?.[0]).toBe('features_in');
      same(original.y, edited.y);
    },
    description: /^Renamed "x" to "features_in"$/,
  },
  {
    name: 'set-input-shape: declared value_info downstream is recomputed, not left stale',
    build: () => {
      const model = buildEditableClassifier();
      if (model.graph)
        model.graph.valueInfo = [
          valueInfo('act_out', 'float32', [1, 4, 8, 8]),
          valueInfo('features', 'float32', [1, 4]),
        ];
      return model;
    },
    ops: [{ op: 'set-input-shape', input: 'image', dims: [2, 3, 8, 8] }],
    feeds: (original) => {
      const image = original.image as Feeds[string];
      const data = new Float32Array(2 * image.data.length);
      data.set(image.data as Float32Array);
      data.set(image.data as Float32Array, image.data.length);
      return { image: { type: 'float32', dims: [2, 3, 8, 8], data } };
    },
    judge: ({ edited, result }) => {
      const declared = (name: string) =>
        result.model.graph?.valueInfo
          ?.find((v) => v.name === name)
          ?.type?.tensorType?.shape?.dim?.map((d) => Number(d.dimValue));
      expect(declared('act_out')).toEqual([2, 4, 8, 8]);
      expect(declared('features')).toEqual([2, 4]);
      expect(edited.probs?.dims).toEqual([2, 2]);
    },
    description: /^Set input "image" to 2×3×8×8$/,
  },
  {
    name: 'delete-node: the Softmax once the logits are an output; logits as the original computes them',
    build: buildEditableClassifier,
    ops: [
      { op: 'add-output', value: 'logits' },
      { op: 'delete-node', node: 'probs' },
    ],
    originalOutputs: ['logits'],
    judge: ({ original, edited, result }) => {
      expect(result.model.graph?.output?.map((o) => o.name)).toEqual(['logits']);
      same(original.logits, edited.logits);
    },
    description: /^Deleted node "probs" \(Softmax\); output "probs" dropped$/,
  },
  {
    name: 'delete-node with downstream: the head goes with its weights; the activation stays exact',
    build: buildEditableClassifier,
    ops: [
      { op: 'add-output', value: 'act_out' },
      { op: 'delete-node', node: 'pool', downstream: true },
    ],
    originalOutputs: ['act_out'],
    judge: ({ original, edited, result }) => {
      const graph = result.model.graph;
      expect(graph?.node?.map((n) => n.name)).toEqual(['stem', 'act']);
      expect(graph?.initializer?.map((t) => t.name)).toEqual(['stem.weight', 'stem.bias']);
      same(original.act_out, edited.act_out);
    },
    description:
      /^Deleted node "pool" \(GlobalAveragePool\) and 3 nodes downstream; output "probs" dropped; 2 unused weights removed$/,
  },
  {
    name: 'add-output: an intermediate value, typed by shape inference',
    build: buildEditableClassifier,
    ops: [{ op: 'add-output', value: 'features' }],
    originalOutputs: ['features'],
    judge: ({ original, edited, result }) => {
      const added = result.model.graph?.output?.[1];
      expect(added?.type?.tensorType?.elemType).toBe(DataType.FLOAT);
      expect(added?.type?.tensorType?.shape?.dim?.map((d) => Number(d.dimValue))).toEqual([1, 4]);
      same(original.features, edited.features);
      same(original.probs, edited.probs);
    },
    description: /^Made "features" an output$/,
  },
  {
    name: 'remove-output: one of two outputs',
    build: buildEditableClassifier,
    ops: [
      { op: 'add-output', value: 'features' },
      { op: 'remove-output', value: 'probs' },
    ],
    originalOutputs: ['features'],
    judge: ({ original, edited }) => {
      expect(Object.keys(edited)).toEqual(['features']);
      same(original.features, edited.features);
    },
    description: /^Removed output "probs"$/,
  },
  {
    name: 'set-attribute (float): LeakyRelu alpha 1 passes its input through',
    build: buildEditableClassifier,
    ops: [
      { op: 'add-output', value: 'act_out' },
      { op: 'set-attribute', node: 'act', name: 'alpha', value: 1 },
    ],
    originalOutputs: ['stem_out'],
    judge: ({ original, edited }) => same(original.stem_out, edited.act_out),
    description: /^Set attribute "alpha" of node "act" \(LeakyRelu\) to 1$/,
  },
  {
    name: 'set-attribute (new ints): Conv strides 2 halves the map; the declared output shape follows',
    build: buildEditableClassifier,
    ops: [
      { op: 'add-output', value: 'stem_out' },
      { op: 'set-attribute', node: 'stem', name: 'strides', value: [2, 2], type: 'ints' },
    ],
    judge: ({ edited, result }) => {
      expect(edited.stem_out?.dims).toEqual([1, 4, 4, 4]);
      const declared = result.model.graph?.output?.find((o) => o.name === 'stem_out');
      expect(declared?.type?.tensorType?.shape?.dim?.map((d) => Number(d.dimValue))).toEqual([1, 4, 4, 4]);
    },
    description: /^Set attribute "strides" of node "stem" \(Conv\) to \[2,2\]$/,
  },
  {
    name: 'set-initializer: the Conv bias from a .npy file',
    build: buildEditableClassifier,
    ops: [
      { op: 'add-output', value: 'stem_out' },
      { op: 'set-initializer', name: 'stem.bias', npy: 'bias.npy' },
    ],
    files: { 'bias.npy': float32Npy([4], [1, 2, 3, 4]) },
    originalOutputs: ['stem_out'],
    judge: ({ original, edited }) => {
      // Each channel moves by the new bias minus the old one, everywhere.
      const oldBias = [0.1, -0.1, 0.2, 0];
      const a = original.stem_out?.data as Float32Array;
      const b = edited.stem_out?.data as Float32Array;
      for (let i = 0; i < a.length; i++) {
        const c = Math.floor(i / 64);
        expect(b[i]).toBeCloseTo((a[i] as number) - (oldBias[c] as number) + c + 1, 5);
      }
    },
    description: /^Replaced "stem.bias" \(float32 4\) from "bias.npy"$/,
  },
  {
    name: 'set-initializer with reshape: three classes; the declared output shape follows',
    build: buildEditableClassifier,
    ops: [
      { op: 'set-initializer', name: 'classifier.weight', npy: 'w.npy', reshape: true },
      { op: 'set-initializer', name: 'classifier.bias', npy: 'b.npy', reshape: true },
    ],
    files: {
      'w.npy': float32Npy([3, 4], [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0]),
      'b.npy': float32Npy([3], [0, 0, 0]),
    },
    judge: ({ edited, result }) => {
      expect(edited.probs?.dims).toEqual([1, 3]);
      const declared = result.model.graph?.output?.[0]?.type?.tensorType?.shape?.dim;
      expect(declared?.map((d) => Number(d.dimValue))).toEqual([1, 3]);
    },
    description: /^Replaced "classifier.bias" \(float32 3\) from "b.npy"$/,
  },
  {
    name: 'extract: pool → flatten between the activation and the features',
    build: buildEditableClassifier,
    ops: [{ op: 'extract', inputs: ['act_out'], outputs: ['features'] }],
    originalOutputs: ['act_out', 'features'],
    feeds: () => ({}),
    judge: () => {},
    description: /^Extracted 2 nodes from "act_out" to "features"$/,
  },
];

async function run(model: ModelProto, feeds: Feeds): Promise<Outputs> {
  return runModel(encodeModel(model), feeds);
}

function withOutputs(model: ModelProto, names: readonly string[]): ModelProto {
  let current = model;
  for (const value of names) {
    if (!current.graph?.output?.some((o) => o.name === value))
      current = applyEdit(current, new Map(), { op: 'add-output', value }).model;
  }
  return current;
}

describe('edit ops, judged by onnxruntime-node', () => {
  it.each(CASES.filter((c) => c.ops.at(-1)?.op !== 'extract'))('$name', async (row) => {
    const model = row.build();
    const before = encodeModel(model);
    const files = new Map(Object.entries(row.files ?? {}));
    let result: EditResult | undefined;
    let current = model;
    for (const op of row.ops) {
      result = applyEdit(current, new Map(), op, { files });
      current = result.model;
    }
    if (!result) throw new Error('no op');
    expect(encodeModel(model)).toEqual(before);
    expect(checkStructure(result.model)).toEqual([]);
    expect(result.description).toMatch(row.description);
    const feeds = randomFeeds(before, 1);
    const original = await run(withOutputs(model, row.originalOutputs ?? []), feeds);
    const edited = await run(result.model, row.feeds ? row.feeds(feeds) : feeds);
    row.judge({ original, edited, result });
  });

  it('extract: the part runs on the intermediate value and gives the original features', async () => {
    const row = CASES.find((c) => c.ops[0]?.op === 'extract') as Case;
    const model = row.build();
    const result = applyEdit(model, new Map(), row.ops[0] as EditOp);
    expect(result.description).toMatch(row.description);
    const feeds = randomFeeds(encodeModel(model), 1);
    const original = await run(withOutputs(model, ['act_out', 'features']), feeds);
    const actOut = original.act_out as Outputs[string];
    const edited = await run(result.model, { act_out: { type: 'float32', dims: actOut.dims, data: actOut.data } });
    same(original.features, edited.features);
  });
});
