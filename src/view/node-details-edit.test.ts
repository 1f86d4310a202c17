import { describe, expect, it } from 'vitest';
import { buildEditableClassifier } from '../fixtures/edit-models.ts';
import { nodeDetails } from './node-details.ts';

describe('nodeDetails for editing', () => {
  const graph = buildEditableClassifier().graph ?? {};

  it('marks initializer inputs and gives attributes their type and whole value', () => {
    const stem = nodeDetails(graph, 0, 'stem', new Map());
    expect(stem?.inputs.map((i) => [i.name, i.initializer ?? false])).toEqual([
      ['image', false],
      ['stem.weight', true],
      ['stem.bias', true],
    ]);
    expect(stem?.attributes.map((a) => a.editable)).toEqual([
      { type: 'ints', value: [3, 3] },
      { type: 'ints', value: [1, 1, 1, 1] },
    ]);
    const act = nodeDetails(graph, 1, 'act', new Map());
    expect(act?.attributes[0]?.editable?.type).toBe('float');
    expect(act?.attributes[0]?.editable?.value).toBeCloseTo(0.1, 6);
  });
});
