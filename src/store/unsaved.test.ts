import { describe, expect, it } from 'vitest';
import type { ModelSnapshot } from '../worker/protocol.ts';
import { describeChanges, discardQuestion, hasUnsavedChanges, historyKey } from './unsaved.ts';

const at = (steps: string[][]) => ({ name: 'm.onnx', steps }) as unknown as ModelSnapshot;

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
  });

  it('says how much would be lost', () => {
    expect(describeChanges(at([['a']]))).toBe('1 fusion in 1 step');
    expect(describeChanges(at([['a'], ['b', 'c']]))).toBe('3 fusions in 2 steps');
    expect(discardQuestion(at([['a']]), 'n.onnx')).toBe(
      'm.onnx has changes that were not downloaded or saved (1 fusion in 1 step). Opening n.onnx discards them and their history. Open n.onnx anyway?',
    );
  });
});
