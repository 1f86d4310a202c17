import { checkModeText } from '../../compare/stats.ts';
import type { Summary } from '../../compare/summary.ts';
import type { CompareReport } from '../../store/compare-report.ts';

const n = (v: number) => (Number.isNaN(v) ? '—' : Number.isFinite(v) ? v.toExponential(2) : String(v));
const COLUMNS = ['mean', 'std', 'min', 'max', 'median', 'p90', 'p95', 'p99'] as const;

function nonFinite(s: Summary): string {
  const parts = [s.nan ? `${s.nan} NaN` : '', s.posInf ? `${s.posInf} +Inf` : '', s.negInf ? `${s.negInf} −Inf` : ''];
  return parts.filter(Boolean).join(', ') || 'none';
}

/** Polygraphy's statistics of every output as a Markdown table, and per output what would pass. */
export function statsMarkdown(r: CompareReport): string[] {
  const withStats = r.outputs.filter((o) => o.stats);
  if (withStats.length === 0) return [];
  const rows = withStats.flatMap((o) => {
    const s = o.stats;
    if (!s) return [];
    const values: [string, Summary][] = [
      [r.labels.reference, s.reference],
      [r.labels.actual, s.actual],
      ['\\|difference\\|', s.absDiff],
      ['relative', s.relDiff],
    ];
    return values.map(([label, v]) => `| ${o.name} | ${label} | ${COLUMNS.map((c) => n(v[c])).join(' | ')} |`);
  });
  const lines = withStats.map((o) => {
    const s = o.stats as NonNullable<typeof o.stats>;
    return `- ${o.name}: check ${checkModeText(s.mode)}; would pass with atol ≥ ${n(s.minAtol)} or rtol ≥ ${n(s.minRtol)}; NaN/Inf ${r.labels.reference} ${nonFinite(s.reference)}, ${r.labels.actual} ${nonFinite(s.actual)}`;
  });
  return [
    '',
    `| output | values | ${COLUMNS.join(' | ')} |`,
    `|---|---|${COLUMNS.map(() => '---:').join('|')}|`,
    ...rows,
    '',
    ...lines,
  ];
}
