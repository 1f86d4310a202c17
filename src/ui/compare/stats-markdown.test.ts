import { describe, expect, it } from 'vitest';
import { judgePair } from '../../compare/judge.ts';
import type { CompareReport } from '../../store/compare-report.ts';
import { statsMarkdown } from './stats-markdown.ts';

describe('statsMarkdown', () => {
  it('writes each model’s and the differences’ statistics as table rows, and what would pass', () => {
    const pair = {
      name: 'y',
      actualName: 'y',
      matchedBy: 'name' as const,
      type: 'float32',
      dims: [4],
      reference: [4, 1, 3, 2],
      actual: [4, 1, 3, 2.5],
    };
    const output = judgePair(pair, { atol: 0.1, rtol: 0 });
    const report = {
      labels: { reference: 'original', actual: 'fused' },
      outputs: [output],
    } as unknown as CompareReport;
    const md = statsMarkdown(report);
    expect(md).toContain('| output | values | mean | std | min | max | median | p90 | p95 | p99 |');
    // Hand-computed: mean 2.5, std √1.25, median 2.5, p90 3.7 of 1, 2, 3, 4.
    expect(md).toContain(
      '| y | original | 2.50e+0 | 1.12e+0 | 1.00e+0 | 4.00e+0 | 2.50e+0 | 3.70e+0 | 3.85e+0 | 3.97e+0 |',
    );
    // |difference| 0, 0, 0, 0.5: the smallest atol that passes at rtol 0 is 0.5.
    expect(md.join('\n')).toContain('- y: check elementwise; would pass with atol ≥ 5.00e-1 or rtol ≥ 2.00e-1');
  });
});
