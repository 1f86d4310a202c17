import { describe, expect, it } from 'vitest';
import type { GraphView, ViewEdge, ViewNode } from '../../store/index.ts';
import { extractionOf } from './extraction.ts';
import { nodeRefs, selectedOps } from './node-ref.ts';
import { applySelectionChanges } from './selection-changes.ts';

const op = (id: string, name: string, index: number): ViewNode => ({
  id,
  kind: 'op',
  index,
  op: 'Relu',
  name,
  attributes: [],
  chips: [],
  x: 0,
  y: 0,
  width: 10,
  height: 10,
});
const edge = (source: string, target: string, value: string): ViewEdge => ({
  id: `${source}->${target}:${value}`,
  source,
  target,
  value,
  label: '',
});

function viewOf(nodes: ViewNode[], edges: ViewEdge[] = []): GraphView {
  const search = nodes.filter((n) => n.kind === 'op').map((n) => ({ id: n.id, name: n.name, op: n.op }));
  return { nodes, edges, search, expanded: [], width: 0, height: 0 };
}

describe('nodeRefs', () => {
  it('names a node by its name when no other node has it, else by its index', () => {
    const nodes = [op('a', 'a', 0), op('Relu:y', '', 1), op('dup', 'dup', 2), op('dup#2', 'dup', 3), op('h', '#9', 4)];
    const refOf = nodeRefs(viewOf(nodes));
    expect(nodes.map(refOf)).toEqual(['a', '#1', '#2', '#3', '#4']);
  });

  it('gives graph inputs and outputs no node name', () => {
    const input: ViewNode = { ...op('input:x', 'x', 0), kind: 'input' };
    delete input.index;
    expect(nodeRefs(viewOf([input]))(input)).toBeUndefined();
  });

  it('lists the selected ops in graph order, leaving out io nodes and ids no longer drawn', () => {
    const input: ViewNode = { ...op('input:x', 'x', 0), kind: 'input' };
    const view = viewOf([input, op('b', 'b', 1), op('c', 'c', 2)]);
    expect(selectedOps(view, ['c', 'gone', 'input:x', 'b']).map((n) => n.id)).toEqual(['b', 'c']);
  });
});

describe('extractionOf', () => {
  // x -> A -> B -> C -> output y; B also feeds D (outside); A reads input x.
  const edges = [
    edge('input:x', 'A', 'x'),
    edge('A', 'B', 'a'),
    edge('B', 'C', 'b'),
    edge('B', 'D', 'b'),
    edge('C', 'output:y', 'y'),
    edge('D', 'output:z', 'z'),
  ];

  it('takes values entering the selection as inputs and values leaving it as outputs', () => {
    expect(extractionOf(new Set(['B', 'C']), edges)).toEqual({ inputs: ['a'], outputs: ['b', 'y'] });
  });

  it('takes graph inputs read inside and graph outputs made inside', () => {
    expect(extractionOf(new Set(['A', 'B', 'C', 'D']), edges)).toEqual({ inputs: ['x'], outputs: ['y', 'z'] });
  });

  it('lists a value read by several selected nodes once', () => {
    const fan = [edge('P', 'Q', 'p'), edge('P', 'R', 'p'), edge('Q', 'S', 'q'), edge('R', 'S', 'r')];
    expect(extractionOf(new Set(['Q', 'R']), fan)).toEqual({ inputs: ['p'], outputs: ['q', 'r'] });
  });
});

describe('applySelectionChanges', () => {
  const selectable = (id: string) => !id.startsWith('frame');

  it('adds and removes nodes as React Flow reports them, keeping the order they joined in', () => {
    expect(
      applySelectionChanges(
        ['a', 'b'],
        [
          { id: 'c', selected: true },
          { id: 'a', selected: false },
        ],
        selectable,
      ),
    ).toEqual(['b', 'c']);
  });

  it('ignores what cannot be selected for an edit', () => {
    expect(applySelectionChanges([], [{ id: 'frame1', selected: true }], selectable)).toEqual([]);
  });
});
