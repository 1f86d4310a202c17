import type { OutputReport } from '../compare/judge.ts';
import { divergenceText } from '../compare/layers.ts';
import { checkModeText } from '../compare/stats.ts';
import type { Summary } from '../compare/summary.ts';
import type { VerifyReport } from './verify.ts';

const e = (v: number) => (Number.isFinite(v) ? v.toExponential(2) : String(v));

function summaryText(s: Summary): string {
  if (s.finite === 0) return 'no finite values';
  return `mean ${e(s.mean)}  std ${e(s.std)}  min ${e(s.min)}  median ${e(s.median)}  p90 ${e(s.p90)}  p95 ${e(s.p95)}  p99 ${e(s.p99)}  max ${e(s.max)}`;
}

function nonFinite(s: Summary): string {
  const parts = [s.nan ? `${s.nan} NaN` : '', s.posInf ? `${s.posInf} +Inf` : '', s.negInf ? `${s.negInf} -Inf` : ''];
  return parts.filter(Boolean).join(', ');
}

/**
 * Polygraphy's statistics under the line of an output that did not pass: each model's values, the
 * absolute and relative difference, the check mode and the smallest tolerances that would pass.
 * A passing output keeps its one line; --json has the statistics of every output.
 */
export function statsLines(o: OutputReport, labels: VerifyReport['labels']): string[] {
  const s = o.stats;
  if (!s || o.verdict === 'pass') return [];
  const width = Math.max(labels.reference.length, labels.actual.length, 8);
  const row = (label: string, summary: Summary) => {
    const bad = nonFinite(summary);
    return `    ${label.padEnd(width)}  ${summaryText(summary)}${bad ? `  (${bad})` : ''}`;
  };
  const checked = s.checked ? ` (|diff| ${e(s.checked.abs)}, rel ${e(s.checked.rel)})` : '';
  return [
    row(labels.reference, s.reference),
    row(labels.actual, s.actual),
    row('|diff|', s.absDiff),
    row('rel diff', s.relDiff),
    `    check ${checkModeText(s.mode)}${checked}; would pass with atol ≥ ${e(s.minAtol)} or rtol ≥ ${e(s.minRtol)}${s.absDiff.approximate ? '; quantiles approximated (over 4M values)' : ''}`,
  ];
}

/** The --layers part of the report: the first divergence, counts, and what could not be compared. */
export function layersLines(report: VerifyReport): string[] {
  const layers = report.layers;
  if (!layers) return [];
  const lines = [
    `layers: ${layers.compared.length} values both models have, compared in ${layers.chunks} chunk${layers.chunks === 1 ? '' : 's'} (${checkModeText(layers.mode)}); ${layers.onlyOriginal.length} only in ${report.labels.reference}, ${layers.onlyFused.length} only in ${report.labels.actual}`,
    `  ${divergenceText(layers, report.labels, 'fused')}`,
  ];
  const d = layers.firstDivergence;
  if (d) {
    lines.push(
      `    max |diff| ${e(d.stats.absDiff.max)}  mean |diff| ${e(d.stats.absDiff.mean)}  ${d.stats.outside} of ${d.stats.absDiff.count} values outside tolerance`,
    );
  }
  for (const skipped of layers.skipped) lines.push(`  skipped ${skipped.name}: ${skipped.message}`);
  return lines;
}
