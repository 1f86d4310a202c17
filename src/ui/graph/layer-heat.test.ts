import { describe, expect, it } from 'vitest';
import type { LayerReport, LayerResult } from '../../compare/layers.ts';
import { compareStats } from '../../compare/stats.ts';
import { heatByNode, heatColour, producerNodeId } from './layer-heat.ts';

const tolerance = { atol: 1e-4, rtol: 0 };

function result(name: string, producer: string, diff: number, order = 0): LayerResult {
  return {
    name,
    order,
    original: { name: producer, opType: 'BatchNormalization', index: order },
    fused: { name: producer, opType: 'Conv', index: order },
    type: 'float32',
    dims: [1],
    stats: compareStats([0], [diff], tolerance),
  };
}

describe('heatColour', () => {
  it('runs green → amber at tolerance → red, on a log scale, and red for NaN/Inf', () => {
    expect(heatColour(0)).toBe('rgb(26, 127, 90)');
    expect(heatColour(1e-3)).toBe('rgb(26, 127, 90)');
    expect(heatColour(1)).toBe('rgb(230, 160, 20)');
    expect(heatColour(1e5)).toBe('rgb(200, 40, 40)');
    expect(heatColour(Number.POSITIVE_INFINITY)).toBe('rgb(200, 40, 40)');
    // Halfway between 1 and 100 in log10: halfway between amber and red.
    expect(heatColour(10)).toBe('rgb(215, 100, 30)');
  });
});

describe('heatByNode', () => {
  const search = [
    { id: '/a/conv/Conv', name: '/a/conv/Conv', op: 'Conv' },
    { id: 'Relu:r1', name: '', op: 'Relu' },
  ];

  it('finds the node on screen by name, or by op and output for an unnamed node', () => {
    expect(producerNodeId(result('x', '/a/conv/Conv', 0), 'fused', search)).toBe('/a/conv/Conv');
    const unnamed = { name: '', opType: 'Relu', index: 3 };
    expect(producerNodeId({ name: 'r1', original: unnamed, fused: unnamed }, 'original', search)).toBe('Relu:r1');
    expect(producerNodeId(result('x', '/gone', 0), 'fused', search)).toBeUndefined();
  });

  it('colours each node by its worst value and marks the first divergence', () => {
    const bad = result('bn_out', '/a/conv/Conv', 1e-2); // 100 × atol
    const report: LayerReport = {
      mode: { kind: 'elementwise' },
      compared: [bad, result('other', '/a/conv/Conv', 0, 1)],
      onlyOriginal: [],
      onlyFused: [],
      skipped: [],
      chunks: 1,
      firstDivergence: bad,
    };
    const heat = heatByNode(report, 'fused', search);
    expect(heat.get('/a/conv/Conv')?.first).toBe(true);
    expect(heat.get('/a/conv/Conv')?.ratio).toBeCloseTo(100, 6);
    expect(heat.get('/a/conv/Conv')?.colour).toBe('rgb(200, 40, 40)');
  });
});
