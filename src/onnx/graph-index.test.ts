import { describe, expect, it } from 'vitest';
import { GraphBuilder, ModelBuilder } from '../fixtures/builder.ts';
import { buildResNetLike } from '../fixtures/models.ts';
import { indexGraph, nodeSubgraphs, topologicalOrder } from './graph-index.ts';
import type { GraphProto } from './types.ts';
import { listGraphs } from './walk.ts';

function ifModel() {
  const thenBranch = new GraphBuilder('then');
  thenBranch.op('Relu', ['x'], { output: 'then_out', name: 'then_relu' });
  thenBranch.output('then_out', 'float32');
  const inner = new GraphBuilder('inner');
  inner.op('Neg', ['x'], { output: 'inner_out', name: 'inner_neg' });
  inner.output('inner_out', 'float32');
  const elseBranch = new GraphBuilder('else');
  elseBranch.node('If', ['c'], ['else_out'], {
    name: 'nested_if',
    attributes: { then_branch: { graph: inner.build() }, else_branch: { graph: inner.build() } },
  });
  elseBranch.output('else_out', 'float32');
  const b = new ModelBuilder();
  b.input('x', 'float32', [2]);
  b.input('c', 'bool', []);
  b.node('If', ['c'], ['y'], {
    name: 'top_if',
    attributes: { then_branch: { graph: thenBranch.build() }, else_branch: { graph: elseBranch.build() } },
  });
  b.output('y', 'float32');
  return b.build();
}

describe('graph index', () => {
  it('knows producers, consumers, inputs, outputs and initializers', () => {
    const model = buildResNetLike();
    const index = indexGraph(model.graph as GraphProto);
    const stem = index.nodes.findIndex((n) => n.name === '/stem/conv/Conv');
    const stemOut = index.nodes[stem]?.output?.[0] as string;
    expect(index.producer.get(stemOut)).toBe(stem);
    expect(index.consumers.get(stemOut)?.map((i) => index.nodes[i]?.opType)).toEqual(['BatchNormalization']);
    expect(index.inputs.has('image')).toBe(true);
    expect(index.outputs.has('logits')).toBe(true);
    expect(index.initializers.has('stem.conv.weight')).toBe(true);
    expect(index.outerValues.size).toBe(0);
  });

  it('orders nodes topologically, keeping an already sorted graph as it is', () => {
    const model = buildResNetLike();
    const index = indexGraph(model.graph as GraphProto);
    expect(topologicalOrder(index).order).toEqual(index.nodes.map((_, i) => i));
  });

  it('sorts a shuffled graph so every node follows its inputs, and reports cycles', () => {
    const graph = buildResNetLike().graph as GraphProto;
    const shuffled = { ...graph, node: [...(graph.node ?? [])].reverse() };
    const index = indexGraph(shuffled);
    const { order, cyclic } = topologicalOrder(index);
    expect(cyclic).toEqual([]);
    const position = new Map(order.map((node, at) => [node, at]));
    index.nodes.forEach((node, i) => {
      for (const input of node.input ?? []) {
        const from = index.producer.get(input);
        if (from !== undefined) expect(position.get(from)).toBeLessThan(position.get(i) as number);
      }
    });

    const b = new GraphBuilder();
    b.op('Relu', ['b'], { output: 'a' });
    b.op('Relu', ['a'], { output: 'b' });
    b.op('Relu', ['x'], { output: 'c' });
    expect(topologicalOrder(indexGraph(b.build()))).toEqual({ order: [2], cyclic: [0, 1] });
  });

  it('finds subgraphs of If at every depth, and values they capture from outside', () => {
    const model = ifModel();
    const places = listGraphs(model).map((p) => p.path);
    expect(places).toHaveLength(5);
    expect(places).toContain('main/top_if.else_branch/nested_if.then_branch');
    const top = indexGraph(model.graph as GraphProto);
    expect(nodeSubgraphs(top.nodes[0] as never).map((s) => s.attribute)).toEqual(['then_branch', 'else_branch']);
    const thenGraph = nodeSubgraphs(top.nodes[0] as never)[0]?.graph as GraphProto;
    expect([...indexGraph(thenGraph).outerValues]).toEqual(['x']);
  });

  it('indexes a 100,000-node chain without deep recursion', () => {
    const b = new GraphBuilder();
    let x = b.input('x', 'float32', [1]);
    for (let i = 0; i < 100_000; i++) x = b.op('Relu', [x]);
    const { order } = topologicalOrder(indexGraph(b.build()));
    expect(order).toHaveLength(100_000);
  });
});
