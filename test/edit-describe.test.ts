import { describe, expect, it } from 'vitest';
import { describeEdit, type EditOp, findNode, nodeRef } from '../src/edit/index.ts';
import { ModelBuilder } from '../src/fixtures/builder.ts';
import type { GraphProto } from '../src/onnx/types.ts';
import { npyFileName } from '../src/worker/handlers.ts';

/** What the history list shows for an op before it runs, one row per op. */
const ROWS: [EditOp, string][] = [
  [{ op: 'fuse', ids: ['conv-bn:y'] }, 'Fuse "conv-bn:y"'],
  [{ op: 'fuse', ids: ['a', 'b'] }, 'Fuse 2 pairs'],
  [{ op: 'fuse-all' }, 'Fuse all'],
  [{ op: 'optimize' }, 'Optimize (all passes)'],
  [{ op: 'optimize', passes: ['no-ops', 'chains'] }, 'Optimize (no-ops, chains)'],
  [{ op: 'optimize', passes: ['no-ops'], only: ['no-ops:x'] }, 'Optimize "no-ops:x"'],
  [{ op: 'set-input-shape', input: 'image', dims: ['N', 3, 224, 224] }, 'Set input "image" to N×3×224×224'],
  [{ op: 'set-input-shape', input: 's', dims: [] }, 'Set input "s" to a scalar'],
  [{ op: 'rename', value: 'a', to: 'b' }, 'Rename "a" to "b"'],
  [{ op: 'delete-node', node: '#17' }, 'Delete node "#17"'],
  [{ op: 'delete-node', node: 'fc', downstream: true }, 'Delete node "fc" with downstream'],
  [{ op: 'add-output', value: 'pooled' }, 'Make "pooled" an output'],
  [{ op: 'remove-output', value: 'probs' }, 'Remove output "probs"'],
  [{ op: 'set-attribute', node: 'act', name: 'alpha', value: 0.2 }, 'Set "alpha" of "act" to 0.2'],
  [{ op: 'set-initializer', name: 'w', npy: 'w.npy', reshape: true }, 'Replace "w" from "w.npy" (reshape)'],
  [{ op: 'extract', inputs: ['a', 'b'], outputs: ['c'] }, 'Extract from "a", "b" to "c"'],
  [{ op: 'rename', value: 'x'.repeat(100), to: 'y' }, `Rename "${'x'.repeat(59)}…" to "y"`],
];

describe('describeEdit', () => {
  it.each(ROWS)('%j → %s', (op, text) => {
    expect(describeEdit(op)).toBe(text);
  });
});

describe('node references', () => {
  const b = new ModelBuilder();
  const x = b.input('x', 'float32', [1]);
  const a = b.op('Relu', [x], { name: 'twin' });
  const c = b.op('Relu', [a], { name: 'twin' });
  const d = b.op('Relu', [c], { name: '' });
  const e = b.op('Relu', [d], { name: '#0' });
  b.op('Relu', [e], { name: 'solo', output: 'y' });
  const graph = b.build().graph as GraphProto;

  it('a unique name is the reference; a shared, empty or index-like name gives way to #index', () => {
    expect([0, 1, 2, 3, 4].map((i) => nodeRef(graph, i))).toEqual(['#0', '#1', '#2', '#3', 'solo']);
  });

  it('every reference finds its node again', () => {
    for (let i = 0; i < 5; i++) expect(findNode(graph, nodeRef(graph, i))).toBe(i);
  });
});

describe('.npy file names for initializers', () => {
  it('keeps the name, with what file systems refuse replaced', () => {
    expect(npyFileName('stem.bias')).toBe('stem.bias.npy');
    expect(npyFileName('model/layer:1\\w*?')).toBe('model_layer_1_w__.npy');
    expect(npyFileName('')).toBe('initializer.npy');
  });
});
