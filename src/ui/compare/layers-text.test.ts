import { describe, expect, it } from 'vitest';
import { layerReport } from '../../compare/layers.ts';
import { compareStats, ELEMENTWISE } from '../../compare/stats.ts';
import type { LayerRun } from '../../store/layers-slice.ts';
import { layersJson, layersMarkdown } from './layers-text.ts';

function run(): LayerRun {
  const producer = (name: string, opType: string) => ({ name, opType, index: 0 });
  const ok = {
    name: 'a',
    order: 0,
    original: producer('/a', 'Relu'),
    fused: producer('/a', 'Relu'),
    type: 'float32',
    dims: [2],
    stats: compareStats([1, 2], [1, 2], { atol: 1e-4, rtol: 0 }),
  };
  const bad = {
    name: 'b|c',
    order: 1,
    original: producer('/b/bn', 'BatchNormalization'),
    fused: producer('/b/conv', 'Conv'),
    type: 'float32',
    dims: [2],
    stats: compareStats([1, 2], [1.5, 2], { atol: 1e-4, rtol: 0 }),
  };
  const plan = { matched: [], onlyOriginal: [], onlyFused: [], untyped: ['s'] };
  const report = layerReport(plan, [bad, ok], [], 1, ELEMENTWISE);
  return { ...report, labels: { reference: 'original', actual: 'fused' }, graphSide: 'fused', modelKey: '' };
}

describe('layers report text', () => {
  it('Markdown: the first divergence, the values in order with escaped names, what was skipped', () => {
    const md = layersMarkdown('net.onnx', run());
    expect(md).toContain(
      '**First divergence: b|c, produced by node /b/conv (Conv); /b/bn (BatchNormalization) in original.**',
    );
    const rows = md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| value'));
    expect(rows).toEqual([
      '| a | /a | 0.00e+0 | 0.00e+0 | 0.00e+0 | 0.00e+0 | pass |',
      '| b\\|c | /b/conv | 5.00e-1 | 2.50e-1 | 4.95e-1 | 5.00e+3 | fail |',
    ]);
    expect(md).toContain('- skipped s: no known element type (neither declared nor inferred)');
  });

  it('JSON: the whole report, Infinity written as a string', () => {
    const r = run();
    const first = r.compared[1];
    if (first) first.stats.minRtol = Number.POSITIVE_INFINITY;
    const json = JSON.parse(layersJson('net.onnx', r));
    expect(json.firstDivergence.name).toBe('b|c');
    expect(json.compared[1].stats.minRtol).toBe('Infinity');
  });
});
