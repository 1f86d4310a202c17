import { describe, expect, it } from 'vitest';
import type { ModelSnapshot, StepRecord } from '../worker/protocol.ts';
import { describeChanges, discardQuestion, hasUnsavedChanges, historyKey } from './unsaved.ts';

/** A snapshot at a history; a list of ids is a fuse step, a string an optimize step with that pass. */
const at = (steps: (string[] | string)[]) =>
  ({
    name: 'm.onnx',
    steps: steps.map(
      (s): StepRecord => (typeof s === 'string' ? { op: 'optimize', passes: [s] } : { op: 'fuse', ids: s }),
    ),
  }) as unknown as ModelSnapshot;

describe('unsaved changes', () => {
  it('an opened model, or one undone back to it, has nothing to lose', () => {
    expect(hasUnsavedChanges(undefined, undefined)).toBe(false);
    expect(hasUnsavedChanges(at([]), undefined)).toBe(false);
    expect(hasUnsavedChanges(at([]), historyKey(at([['a']])))).toBe(false);
  });

  it('a change is unsaved until that very state is saved', () => {
    const fused = at([['a'], ['b', 'c']]);
    expect(hasUnsavedChanges(fused, undefined)).toBe(true);
    expect(hasUnsavedChanges(fused, historyKey(fused))).toBe(false);
    // Saved at one step, then undone or changed further: the current state was never saved.
    expect(hasUnsavedChanges(at([['a']]), historyKey(fused))).toBe(true);
    expect(hasUnsavedChanges(at([['a'], ['b']]), historyKey(fused))).toBe(true);
    // Fusing the same ids or optimizing are different edits, and different passes too.
    expect(hasUnsavedChanges(at([['a'], 'no-ops']), historyKey(at([['a'], 'no-ops'])))).toBe(false);
    expect(hasUnsavedChanges(at([['a'], 'no-ops']), historyKey(at([['a'], 'chains'])))).toBe(true);
    expect(hasUnsavedChanges(at([['a'], 'no-ops']), historyKey(fused))).toBe(true);
  });

  it('says how much would be lost', () => {
    expect(describeChanges(at([['a']]))).toBe('1 fusion in 1 step');
    expect(describeChanges(at([['a'], ['b', 'c']]))).toBe('3 fusions in 2 steps');
    expect(describeChanges(at([['a', 'b', 'c', 'd', 'e', 'f', 'g'], 'no-ops']))).toBe(
      '7 fusions and 1 optimization in 2 steps',
    );
    expect(describeChanges(at(['no-ops']))).toBe('1 optimization in 1 step');
    expect(describeChanges(at(['no-ops', ['a'], 'chains']))).toBe('1 fusion and 2 optimizations in 3 steps');
    const edited = {
      name: 'm.onnx',
      steps: [
        { op: 'fuse', ids: ['a'] },
        { op: 'rename', value: 'x', to: 'y' },
        { op: 'optimize', passes: ['no-ops'] },
        { op: 'delete-node', node: 'n' },
      ],
    } as unknown as ModelSnapshot;
    expect(describeChanges(edited)).toBe('1 fusion, 1 optimization and 2 edits in 4 steps');
    expect(discardQuestion(at([['a']]), 'n.onnx')).toBe(
      'm.onnx has changes that were not downloaded or saved (1 fusion in 1 step). Opening n.onnx discards them and their history. Open n.onnx anyway?',
    );
  });
});
