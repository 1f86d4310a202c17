import { memo } from 'react';
import { formatSci } from '../../compare/format.ts';
import { checkModeText, type OutputStats } from '../../compare/stats.ts';
import type { Summary } from '../../compare/summary.ts';

const COLUMNS = ['mean', 'std', 'min', 'max', 'median', 'p90', 'p95', 'p99'] as const;

/**
 * A value in the table, short enough for nine columns in the side panel: three significant digits,
 * plainly between 0.001 and 10,000 and in scientific notation otherwise; a dash for nothing measured.
 */
function cell(v: number): string {
  if (Number.isNaN(v)) return '—';
  if (v === 0) return '0';
  const size = Math.abs(v);
  return size >= 1e-3 && size < 1e4 ? String(Number(v.toPrecision(3))) : v.toExponential(1);
}

function nonFiniteText(s: Summary): string {
  const parts = [
    s.nan ? `${s.nan} NaN` : '',
    s.posInf ? `${s.posInf} +Inf` : '',
    s.negInf ? `${s.negInf} −Inf` : '',
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : 'none';
}

/**
 * Polygraphy's statistics for one output or layer: each model's values, the absolute and relative
 * difference, with mean, std, min, max, median and the 90th/95th/99th percentiles; the check mode,
 * the smallest atol and rtol that would pass, NaN/Inf counts and the histogram of |difference|.
 */
export const StatsTable = memo(function StatsTable({
  name,
  stats,
  labels,
}: {
  name: string;
  stats: OutputStats;
  labels: { reference: string; actual: string };
}) {
  const rows: [string, Summary][] = [
    [labels.reference, stats.reference],
    [labels.actual, stats.actual],
    ['|difference|', stats.absDiff],
    ['relative', stats.relDiff],
  ];
  const approximate = rows.some(([, s]) => s.approximate);
  return (
    <div className="stats" data-testid="output-stats">
      <table className="stats-table" aria-label={`Statistics of ${name}`}>
        <thead>
          <tr>
            <th scope="col">values</th>
            {COLUMNS.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, s]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              {COLUMNS.map((c) => (
                <td key={c} className="num">
                  {cell(s[c])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted stats-line">
        Check: {checkModeText(stats.mode)} at atol {stats.tolerance.atol}, rtol {stats.tolerance.rtol}
        {stats.checked ? ` (|difference| ${cell(stats.checked.abs)}, relative ${cell(stats.checked.rel)})` : ''}. Would
        pass with atol ≥ <span className="num">{formatSci(stats.minAtol)}</span> or rtol ≥{' '}
        <span className="num">{formatSci(stats.minRtol)}</span>. {stats.outside} of {stats.absDiff.count} compared
        values outside elementwise tolerance. NaN/Inf: {labels.reference} {nonFiniteText(stats.reference)},{' '}
        {labels.actual} {nonFiniteText(stats.actual)}.
        {stats.zeroReference > 0
          ? ` ${stats.zeroReference} values are 0 in ${labels.reference}: not in "relative".`
          : ''}
        {approximate ? ' Quantiles of more than 4 million values are approximated from 65,536 bins.' : ''}
      </p>
      <LinearBars name={name} edges={stats.absHistogram.edges} counts={stats.absHistogram.counts} />
    </div>
  );
});

/** The |difference| histogram as Polygraphy prints it: ten equal bins between min and max. */
function LinearBars({ name, edges, counts }: { name: string; edges: number[]; counts: number[] }) {
  if (counts.length === 0) return null;
  const max = Math.max(...counts, 1);
  return (
    <table className="stats-histogram" aria-label={`Histogram of |difference| of ${name}`}>
      <tbody>
        {counts.map((c, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: bins are positional and never reorder
          <tr key={i}>
            <td className="num">
              {formatSci(edges[i] ?? 0)} – {formatSci(edges[i + 1] ?? 0)}
            </td>
            <td className="bar-cell">
              <span className="bar" style={{ width: `${(100 * c) / max}%` }} />
            </td>
            <td className="num">{c}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
