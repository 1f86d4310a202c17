import { describe, expect, it } from 'vitest';
import { defaultTolerance } from '../../compare/diff.ts';
import { judgePair } from '../../compare/judge.ts';
import { latencyStats } from '../../compare/latency.ts';
import { overallVerdict } from '../../compare/verdict.ts';
import type { CompareReport, OutputComparison } from '../../store/compare-report.ts';
import { reportMarkdown, UNCHANGED_NOTE } from './report-text.ts';

const tolerance = defaultTolerance('float32');

function output(name: string, reference: number[], actual: number[]): OutputComparison {
  const pair = { name, actualName: name, matchedBy: 'name' as const, type: 'float32', dims: [reference.length] };
  return judgePair({ ...pair, reference, actual }, tolerance);
}

describe('reportMarkdown', () => {
  it('carries the verdict of each output, the notes and the latency ratio in words', () => {
    const outputs = [output('nan', [Number.NaN, Number.NaN], [Number.NaN, Number.NaN]), output('ok', [1, 2], [1, 2])];
    const verdict = overallVerdict(outputs.map((o) => o.verdict));
    const original = latencyStats([2, 2, 2]);
    const fused = latencyStats([2.8, 2.8, 2.8]);
    const report: CompareReport = {
      inputs: ['x[2] ← random, seed 1'],
      labels: { reference: 'original', actual: 'fused' },
      matching: { onlyReference: [], onlyActual: [] },
      provider: 'wasm',
      threads: 1,
      crossOriginIsolated: true,
      optimization: { original: 'disabled', fused: 'disabled' },
      warmup: 3,
      interleaved: true,
      unchanged: false,
      tolerance,
      outputs,
      latency: { original, fused, ratio: fused.median / original.median },
      samples: { original: [2, 2, 2], fused: [2.8, 2.8, 2.8] },
      verdict,
      pass: verdict === 'pass',
    };
    const text = reportMarkdown('m.onnx', report);
    expect(text).toContain('**Inconclusive: 1 of 2 outputs hold NaN or ±Inf in both models');
    expect(text).not.toContain('All outputs agree');
    expect(text).toMatch(/\| nan \| \[2\] \|.*\| inconclusive \|\n\| ok \| \[2\] \|.*\| pass \|/);
    expect(text).toContain('- nan: Every value (2) is NaN or ±Inf in both models, so nothing could be compared.');
    expect(text).toContain('Latency ratio fused/original (median): 1.400 (fused 1.40× slower)');
    expect(text).not.toContain(UNCHANGED_NOTE);
    // A model compared with itself says so: its agreement proves nothing about a change.
    expect(reportMarkdown('m.onnx', { ...report, unchanged: true })).toContain(UNCHANGED_NOTE);
  });
});
