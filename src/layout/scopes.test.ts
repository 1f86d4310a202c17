import { describe, expect, it } from 'vitest';
import { enclosingGroups, groupId, scopeOf, visibleGroup } from './scopes.ts';

describe('name scopes', () => {
  it('reads torch and transformers style names', () => {
    expect(scopeOf('/layer1/layer1.0/conv1/Conv')).toEqual(['layer1', 'layer1.0', 'conv1']);
    expect(scopeOf('model.encoder.layers.3.attn/MatMul')).toEqual(['model', 'encoder', 'layers', '3', 'attn']);
    expect(scopeOf('p2o.Conv.47')).toEqual([]);
    expect(scopeOf('/Conv')).toEqual([]);
  });

  it('finds the outermost closed group and the groups to open', () => {
    const segments = ['stage0', 'block3', 'conv'];
    expect(visibleGroup(segments, new Set())).toEqual({ id: 'group:stage0', depth: 1 });
    expect(visibleGroup(segments, new Set([groupId(['stage0'])]))).toEqual({ id: 'group:stage0/block3', depth: 2 });
    expect(visibleGroup(segments, new Set(enclosingGroups(segments)))).toBeUndefined();
  });
});
