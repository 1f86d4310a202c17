import { describe, expect, it } from 'vitest';
import type { ViewNode } from '../../store/index.ts';
import type { FlowEdge, FlowNode } from '../graph/flow-types.ts';
import { markChanged } from './changed-marks.ts';

const viewNode = (id: string, kind: ViewNode['kind'], name: string, index?: number): ViewNode => ({
  id,
  kind,
  ...(index === undefined ? {} : { index }),
  op: 'Relu',
  name,
  attributes: [],
  chips: [],
  x: 0,
  y: 0,
  width: 10,
  height: 10,
});
const node = (view: ViewNode): FlowNode =>
  ({ id: view.id, type: view.kind === 'op' ? 'op' : 'io', position: { x: 0, y: 0 }, data: { view } }) as FlowNode;
const edge = (id: string, value: string): FlowEdge => ({
  id,
  source: 'a',
  target: 'b',
  type: 'value',
  data: { view: { id, source: 'a', target: 'b', value, label: '' } },
});

describe('markChanged', () => {
  const flow = {
    nodes: [
      node(viewNode('input:x', 'input', 'x')),
      node(viewNode('stem', 'op', 'stem', 0)),
      node(viewNode('Relu:y', 'op', '', 1)),
      node(viewNode('tail', 'op', 'tail', 2)),
      node(viewNode('output:z', 'output', 'z')),
    ],
    edges: [edge('e1', 'x'), edge('e2', 'y')],
  };

  it('marks changed ops by name or #index, and graph inputs, outputs and edges by value', () => {
    const marked = markChanged(flow, { nodes: ['stem', '#1'], values: ['x', 'z'] });
    expect(marked.nodes.map((n) => n.className ?? '')).toEqual([
      'is-changed',
      'is-changed',
      'is-changed',
      '',
      'is-changed',
    ]);
    expect(marked.edges.map((e) => e.className ?? '')).toEqual(['edge-changed', '']);
  });

  it('keeps unchanged items as they were, and the whole flow when nothing changed', () => {
    const marked = markChanged(flow, { nodes: ['tail'], values: [] });
    expect(marked.nodes[0]).toBe(flow.nodes[0]);
    expect(marked.edges[0]).toBe(flow.edges[0]);
    expect(markChanged(flow, undefined)).toBe(flow);
    expect(markChanged(flow, { nodes: [], values: [] })).toBe(flow);
  });
});
