import { describe, expect, it } from 'vitest';
import { buildIfConvBn } from '../../fixtures/fusion-models.ts';
import { buildLargeChain } from '../../fixtures/large-models.ts';
import { buildConvBn, buildResNetLike } from '../../fixtures/models.ts';
import { buildMatMulAddGemm, buildPadInto } from '../../fixtures/optimize-models.ts';
import { applyAll } from '../../fusion/index.ts';
import { cloneModel } from '../../onnx/clone.ts';
import { decodeModel, encodeModel, Long, writeExternalBytes } from '../../onnx/index.ts';
import type { ModelProto, NodeProto } from '../../onnx/types.ts';
import { optimize } from '../../optimize/index.ts';
import { diffModels } from './index.ts';
import type { GraphDiff, NodeChange } from './types.ts';

const nodeNamed = (model: ModelProto, name: string): NodeProto => {
  const node = model.graph?.node?.find((n) => n.name === name);
  if (!node) throw new Error(`no node ${name}`);
  return node;
};

const byStatus = (diff: GraphDiff, status: NodeChange['status']) => diff.nodes.filter((c) => c.status === status);

/** What changed in a node, as compact text: "W values", "B added", "pads", "input A". */
const whatChanged = (change: NodeChange): string[] =>
  change.differences.map((d) => {
    switch (d.kind) {
      case 'weight':
        return `${d.slot} ${d.change}`;
      case 'attribute':
        return `attribute ${d.name}`;
      case 'input':
        return `input ${d.slot}`;
      case 'body':
        return `body ${d.attribute}`;
      default:
        return d.kind;
    }
  });

/** Renames every value between nodes, as a re-export would: only the graph's inputs, outputs and weights keep their names. */
function renamedValues(model: ModelProto): ModelProto {
  const copy = cloneModel(model);
  const graph = copy.graph ?? {};
  const kept = new Set([...(graph.input ?? []), ...(graph.output ?? [])].map((v) => v.name ?? ''));
  for (const t of graph.initializer ?? []) kept.add(t.name ?? '');
  const rename = (v: string) => (v && !kept.has(v) ? `re.${v}` : v);
  graph.node = (graph.node ?? []).map((n) => ({
    ...n,
    input: (n.input ?? []).map(rename),
    output: (n.output ?? []).map(rename),
  }));
  graph.valueInfo = [];
  return copy;
}

/** Strips every node name: exporters such as older tf2onnx leave them empty. */
function nameless(model: ModelProto): ModelProto {
  const copy = cloneModel(model);
  for (const node of copy.graph?.node ?? []) node.name = '';
  return copy;
}

describe('diffModels', () => {
  it('finds nothing between a model and itself, or the same file decoded twice', () => {
    const model = buildResNetLike();
    for (const other of [model, decodeModel(encodeModel(model))]) {
      const diff = diffModels(model, other);
      expect(diff.nodes).toEqual([]);
      expect(diff.values).toEqual([]);
      expect(diff.counts).toEqual({ removed: 0, added: 0, changed: 0, unchanged: model.graph?.node?.length });
      expect(diff.matched).toHaveLength(model.graph?.node?.length ?? 0);
    }
  });

  it('reads a fusion as each BN removed and its conv changed in weights W and B, nothing else', () => {
    const original = buildResNetLike();
    const fused = applyAll(original).model;
    const diff = diffModels(original, fused);
    const removed = byStatus(diff, 'removed');
    // Seven folds: six Conv→BN and the BN before the head conv; the tap BN stays (its conv output is a graph output).
    expect(removed.map((c) => c.original?.op)).toEqual(Array(7).fill('BatchNormalization'));
    expect(removed.map((c) => c.original?.name)).not.toContain('/tap/bn/BatchNormalization');
    expect(byStatus(diff, 'added')).toEqual([]);
    const changed = byStatus(diff, 'changed');
    expect(changed.map((c) => c.current?.name)).toEqual([
      '/stem/conv/Conv',
      '/layer1/layer1.0/a/conv/Conv',
      '/layer1/layer1.0/b/conv/Conv',
      '/layer2/layer2.0/a/conv/Conv',
      '/layer2/layer2.0/b/conv/Conv',
      '/layer2/layer2.0/downsample/conv/Conv',
      '/head/conv/Conv',
    ]);
    // Convs without bias gain one; the head conv (BN folded in from before) had one and keeps its slot.
    for (const c of changed.slice(0, 6)) expect(whatChanged(c)).toEqual(['W values', 'B added']);
    expect(whatChanged(changed[6] as NodeChange)).toEqual(['W values', 'B values']);
    expect(diff.counts).toMatchObject({ removed: 7, added: 0, changed: 7 });
    expect(diff.values).toEqual([]);
    // Each removed BN is listed right after the conv it was folded into (or before, for BN → Conv).
    const order = diff.nodes.map((c) => (c.current ?? c.original)?.name);
    expect(order.indexOf('/stem/bn/BatchNormalization')).toBe(order.indexOf('/stem/conv/Conv') + 1);
    expect(order.indexOf('/head/bn/BatchNormalization')).toBe(order.indexOf('/head/conv/Conv') - 1);
  });

  it.each([
    ['nameless', (m: ModelProto) => m],
    ['nameless, every value renamed', renamedValues],
  ])('pairs %s nodes by structure: the same fusion reads the same way', (_, change) => {
    const original = nameless(buildResNetLike());
    const diff = diffModels(original, change(applyAll(original).model));
    expect(byStatus(diff, 'removed').map((c) => c.original?.op)).toEqual(Array(7).fill('BatchNormalization'));
    expect(byStatus(diff, 'added')).toEqual([]);
    const changed = byStatus(diff, 'changed');
    expect(changed.map((c) => c.current?.op)).toEqual(Array(7).fill('Conv'));
    for (const c of changed) expect(whatChanged(c).filter((w) => !w.startsWith('B '))).toEqual(['W values']);
  });

  it('names an optimizer run: Pad folded into the Conv as attribute pads, the Pads removed', () => {
    const original = buildPadInto();
    const optimized = optimize(original).model;
    const diff = diffModels(original, optimized);
    expect(byStatus(diff, 'removed').map((c) => c.original?.name)).toEqual(expect.arrayContaining(['pad_conv']));
    const conv = diff.nodes.find((c) => c.current?.name === 'conv');
    expect(conv?.status).toBe('changed');
    expect(whatChanged(conv as NodeChange)).toContain('attribute pads');
    const pads = conv?.differences.find((d) => d.kind === 'attribute' && d.name === 'pads');
    expect(pads).toMatchObject({ to: '[1, 2, 2, 1]' });
    expect(pads).not.toHaveProperty('from');
  });

  it('names MatMul + Add turned into a Gemm: the MatMul became a Gemm with C, the Add, Mul and Add folded away', () => {
    const original = buildMatMulAddGemm();
    const diff = diffModels(original, optimize(original).model);
    expect(byStatus(diff, 'removed').map((c) => c.original?.name)).toEqual(['add_bias', 'mul_scale', 'add_shift']);
    expect(byStatus(diff, 'added')).toEqual([]);
    const matmul = diff.nodes.find((c) => c.current?.name === 'matmul');
    expect(matmul?.differences).toEqual([
      { kind: 'op', from: 'MatMul', to: 'Gemm' },
      { kind: 'weight', slot: 'C', change: 'added', to: 'bias' },
    ]);
    expect(whatChanged(diff.nodes.find((c) => c.current?.name === 'gemm') as NodeChange)).toEqual([
      'B values',
      'C values',
    ]);
  });

  it('tells a renamed node from a deleted one, and says what a rewired reader now reads', () => {
    const original = buildResNetLike();
    const edited = cloneModel(original);
    nodeNamed(edited, '/head/pool/GlobalAveragePool').name = '/head/pool/GAP';
    // Delete the tap ReLU: its reader (the head BN) reads the tap BN's output instead.
    const relu = nodeNamed(edited, '/tap/relu/Relu');
    const headBn = nodeNamed(edited, '/head/bn/BatchNormalization');
    headBn.input = [relu.input?.[0] ?? '', ...(headBn.input ?? []).slice(1)];
    edited.graph = { ...edited.graph, node: (edited.graph?.node ?? []).filter((n) => n !== relu) };
    const diff = diffModels(original, edited);
    const renamed = diff.nodes.find((c) => c.current?.name === '/head/pool/GAP');
    expect(renamed?.differences).toEqual([
      { kind: 'renamed', from: '/head/pool/GlobalAveragePool', to: '/head/pool/GAP' },
    ]);
    expect(byStatus(diff, 'removed').map((c) => c.original?.name)).toEqual(['/tap/relu/Relu']);
    // A reader of a deleted node reads what the deleted node read: the deletion is the change.
    expect(diff.nodes.find((c) => c.current?.name === '/head/bn/BatchNormalization')).toBeUndefined();
    expect(diff.counts).toMatchObject({ removed: 1, added: 0, changed: 1 });
  });

  it('reports a rewired input, changed attributes and dims, an added node and a retyped graph input', () => {
    const original = buildResNetLike();
    const edited = cloneModel(original);
    // The layer2 Add reads the stem instead of the shortcut conv's output.
    const add = nodeNamed(edited, '/layer2/layer2.0/Add');
    const stemRelu = nodeNamed(edited, '/stem/relu/Relu');
    add.input = [add.input?.[0] ?? '', stemRelu.output?.[0] ?? ''];
    const conv = nodeNamed(edited, '/layer1/layer1.0/a/conv/Conv');
    conv.attribute = (conv.attribute ?? []).map((a) =>
      a.name === 'strides' ? { ...a, ints: [Long.fromNumber(2), Long.fromNumber(2)] } : a,
    );
    const head = edited.graph?.initializer?.find((t) => t.name === 'head.conv.bias');
    if (head) head.dims = [Long.fromNumber(1), Long.fromNumber(10)];
    const flatten = nodeNamed(edited, '/head/Flatten');
    const sigmoidIn = flatten.input?.[0] ?? '';
    edited.graph = {
      ...edited.graph,
      node: [
        ...(edited.graph?.node ?? []).filter((n) => n !== flatten),
        { name: '/head/Sigmoid', opType: 'Sigmoid', input: [sigmoidIn], output: ['sig'] },
        { ...flatten, input: ['sig'] },
      ],
      input: (edited.graph?.input ?? []).map((v) =>
        v.name === 'image' ? { ...v, type: { tensorType: { elemType: 10, shape: v.type?.tensorType?.shape } } } : v,
      ),
    };
    const diff = diffModels(original, edited);
    const changedAdd = diff.nodes.find((c) => c.current?.name === '/layer2/layer2.0/Add');
    expect(changedAdd?.differences).toEqual([
      { kind: 'input', slot: 'B', from: '/layer2/layer2.0/downsample/bn/BatchNormalization', to: '/stem/relu/Relu' },
    ]);
    expect(whatChanged(diff.nodes.find((c) => c.current?.name === conv.name) as NodeChange)).toEqual([
      'attribute strides',
    ]);
    const headConv = diff.nodes.find((c) => c.current?.name === '/head/conv/Conv');
    expect(headConv?.differences).toEqual([{ kind: 'weight', slot: 'B', change: 'dims', from: '[10]', to: '[1,10]' }]);
    expect(byStatus(diff, 'added').map((c) => c.current?.name)).toEqual(['/head/Sigmoid']);
    // The Flatten now reads the Sigmoid: an added node in between is the Sigmoid's change, not the Flatten's.
    expect(diff.nodes.find((c) => c.current?.name === '/head/Flatten')).toBeUndefined();
    expect(diff.values).toEqual([
      { status: 'changed', kind: 'input', name: 'image', from: 'float32[1,3,32,32]', to: 'float16[1,3,32,32]' },
    ]);
  });

  it('diffs If bodies: a BN folded inside a branch is listed in that graph, shown on the If', () => {
    const original = buildIfConvBn();
    const diff = diffModels(original, applyAll(original).model);
    const ifIndex = original.graph?.node?.findIndex((n) => n.opType === 'If') ?? -1;
    const owner = diff.nodes.find((c) => c.graph === 'main');
    expect(owner?.status).toBe('changed');
    expect(owner?.differences).toEqual([{ kind: 'body', attribute: 'then_branch', removed: 1, added: 0, changed: 1 }]);
    const inside = diff.nodes.filter((c) => c.graph === 'main//if/If.then_branch');
    expect(inside.map((c) => [c.status, c.original?.op ?? c.current?.op])).toEqual([
      ['changed', 'Conv'],
      ['removed', 'BatchNormalization'],
    ]);
    for (const c of inside) expect(c.anchor).toEqual({ original: ifIndex, current: ifIndex });
  });

  it('compares weights by value however they are stored: raw or typed fields, in the file or a side file', () => {
    // The same values stored in typed fields, not raw_data: nothing changed.
    const raw = buildConvBn({ seed: 5, storage: 'raw' });
    expect(diffModels(raw, buildConvBn({ seed: 5, storage: 'typed' })).nodes).toEqual([]);
    // Weights moved to a side file: the same bytes, read through the side files given.
    const moved = cloneModel(raw);
    const files = new Map<string, Uint8Array>();
    for (const t of moved.graph?.initializer ?? [])
      writeExternalBytes(t, t.rawData as Uint8Array, files, 'm.onnx.data');
    const sideFiles = { current: files };
    expect(diffModels(raw, moved, { sideFiles }).nodes).toEqual([]);
    // One value changed in the side file: the conv's W, and nothing else.
    const changedFiles = new Map([...files].map(([k, v]) => [k, v.slice()]));
    const sideBytes = changedFiles.get('m.onnx.data') as Uint8Array;
    sideBytes[0] = (sideBytes[0] ?? 0) ^ 1;
    const diff = diffModels(raw, moved, { sideFiles: { current: changedFiles } });
    expect(diff.nodes.map((c) => [c.current?.name, whatChanged(c)])).toEqual([['/conv/Conv', ['W values']]]);
    // Values in typed fields differing from raw ones are found too.
    const typed = buildConvBn({ seed: 5, storage: 'typed' });
    const bias = typed.graph?.initializer?.find((t) => t.name === 'bn.bias');
    if (bias?.floatData) bias.floatData = [bias.floatData[0] ?? 0, ...bias.floatData.slice(1).map((v) => v + 1)];
    expect(diffModels(raw, typed).nodes.map((c) => whatChanged(c))).toEqual([['B values']]);
  });

  it('stays fast on 10,000 nodes, named or not', () => {
    for (const flat of [false, true]) {
      const original = flat ? nameless(buildLargeChain(10_000, 21, true)) : buildLargeChain(10_000);
      const fused = applyAll(original).model;
      const current = flat ? renamedValues(fused) : fused;
      // The best of three: the first run pays for the JIT, and the test shares its cores.
      const times: number[] = [];
      for (let run = 0; run < 3; run++) {
        const started = performance.now();
        const diff = diffModels(original, current);
        times.push(performance.now() - started);
        expect(diff.counts).toMatchObject({ removed: 2500, added: 0, changed: 2500 });
      }
      expect(Math.min(...times)).toBeLessThan(1000);
    }
  });
});
