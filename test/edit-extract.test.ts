import { describe, expect, it } from 'vitest';
import { applyEdit } from '../src/edit/index.ts';
import { ModelBuilder, valueInfo } from '../src/fixtures/builder.ts';
import { encodeModel } from '../src/onnx/index.ts';
import type { ModelProto } from '../src/onnx/types.ts';
import { bitIdentical, runModel } from './helpers/ort.ts';

/**
 * `extract` against onnx.utils.extract_model (onnx/utils.py, Extractor). The expected results are
 * written down by hand from its algorithm: a DFS back from each output through `outmap` (value ->
 * producing node), stopping at the given inputs; nodes kept in their original order; initializers
 * and value_info filtered to the names the kept nodes read or write, in file order; inputs and
 * outputs in the order given, from graph.input / graph.output, else value_info; the model with the
 * original IR version and opsets, producer "onnx.utils.extract_model", graph "Extracted from {name}".
 *
 *   x ─ n0 Relu ─ a ─ n2 Add(W1) ─ c ─┐
 *   │             └─ n6 Neg ─ g (out)  n4 Add ─ e ─ n5 Relu ─ f ─ n7 Add(W2) ─ h (out)
 *   └─ n1 Sigmoid ─ b ─ n3 Mul(y) ─ d ┘
 */
function buildDiamond(): ModelProto {
  const m = new ModelBuilder({ graphName: 'diamond', irVersion: 8, opset: 17, metadata: { author: 'someone' } });
  m.input('x', 'float32', [2, 3]);
  m.input('y', 'float32', [2, 3]);
  m.initializer('W1', 'float32', [3], [1, 2, 3]);
  m.initializer('W2', 'float32', [3], [-1, 0, 1]);
  m.initializer('unused', 'float32', [1], [7]);
  m.op('Relu', ['x'], { name: 'n0', output: 'a' });
  m.op('Sigmoid', ['x'], { name: 'n1', output: 'b' });
  m.op('Add', ['a', 'W1'], { name: 'n2', output: 'c' });
  m.op('Mul', ['b', 'y'], { name: 'n3', output: 'd' });
  m.op('Add', ['c', 'd'], { name: 'n4', output: 'e' });
  m.op('Relu', ['e'], { name: 'n5', output: 'f' });
  m.op('Neg', ['a'], { name: 'n6', output: 'g' });
  m.op('Add', ['f', 'W2'], { name: 'n7', output: 'h' });
  m.output('h', 'float32', [2, 3]);
  m.output('g', 'float32', [2, 3]);
  // What onnx's shape inference adds before extracting (extract_model's infer_shapes=True).
  for (const name of ['a', 'b', 'c', 'd', 'e', 'f']) m.valueInfos.push(valueInfo(name, 'float32', [2, 3]));
  return m.build();
}

const CASES = [
  {
    inputs: ['a', 'd'],
    outputs: ['f'],
    // DFS from f: n5, e -> n4, c -> n2 (a stops), d stops. Sorted: n2, n4, n5.
    nodes: ['n2', 'n4', 'n5'],
    initializers: ['W1'],
    valueInfo: ['a', 'c', 'd', 'e', 'f'],
  },
  {
    inputs: ['x', 'y'],
    outputs: ['g'],
    // Only n6 and n0 reach g; y stays an input (extract_model keeps every input given).
    nodes: ['n0', 'n6'],
    initializers: [],
    valueInfo: ['a'],
  },
  {
    inputs: ['c', 'b', 'y'],
    outputs: ['h', 'e'],
    // From h: n7, f -> n5, e -> n4, c stops, d -> n3 (b, y stop); W2 read by n7.
    nodes: ['n3', 'n4', 'n5', 'n7'],
    initializers: ['W2'],
    valueInfo: ['b', 'c', 'd', 'e', 'f'],
  },
];

const names = (items: { name?: string | null }[] | null | undefined) => (items ?? []).map((i) => i.name);

describe('extract, as onnx.utils.extract_model defines it', () => {
  it.each(CASES)('inputs $inputs, outputs $outputs: nodes $nodes', async (row) => {
    const model = buildDiamond();
    const { model: part } = applyEdit(model, new Map(), { op: 'extract', inputs: row.inputs, outputs: row.outputs });
    const graph = part.graph;
    expect(names(graph?.node)).toEqual(row.nodes);
    expect(names(graph?.input)).toEqual(row.inputs);
    expect(names(graph?.output)).toEqual(row.outputs);
    expect(names(graph?.initializer)).toEqual(row.initializers);
    expect(names(graph?.valueInfo)).toEqual(row.valueInfo);
    for (const v of [...(graph?.input ?? []), ...(graph?.output ?? [])]) {
      expect(v.type?.tensorType?.shape?.dim?.map((d) => Number(d.dimValue))).toEqual([2, 3]);
    }
    expect(graph?.name).toBe('Extracted from {diamond}');
    expect(part.producerName).toBe('onnx.utils.extract_model');
    expect(Number(part.irVersion)).toBe(8);
    expect(part.opsetImport?.map((o) => Number(o.version))).toEqual([17]);
    expect(part.metadataProps ?? []).toEqual([]);

    // The part computes what the whole computes: feed it the whole model's values at the cut.
    const full = row.inputs
      .concat(row.outputs)
      .reduce(
        (m, value) =>
          m.graph?.output?.some((o) => o.name === value) || m.graph?.input?.some((i) => i.name === value)
            ? m
            : applyEdit(m, new Map(), { op: 'add-output', value }).model,
        model,
      );
    const data = (seed: number) => Float32Array.from({ length: 6 }, (_, i) => Math.sin(seed + i * 1.7) * 2);
    const wholeFeeds = {
      x: { type: 'float32', dims: [2, 3], data: data(1) },
      y: { type: 'float32', dims: [2, 3], data: data(2) },
    };
    const whole = await runModel(encodeModel(full), wholeFeeds);
    const cut = (name: string) => (wholeFeeds as Record<string, unknown>)[name] ?? whole[name];
    const partFeeds = Object.fromEntries(row.inputs.map((name) => [name, cut(name)]));
    const outputs = await runModel(encodeModel(part), partFeeds as never);
    for (const name of row.outputs) {
      expect(bitIdentical({ v: whole[name] as never }, { v: outputs[name] as never })).toBe(true);
    }
  });
});
