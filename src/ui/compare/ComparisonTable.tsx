import { memo } from 'react';
import type { CompareReport } from '../../store/index.ts';

const sci = (v: number) => (Number.isFinite(v) ? v.toExponential(2) : String(v));

/** One row per output; the last cell reads exactly "pass" or "fail". */
export const ComparisonTable = memo(function ComparisonTable({ report }: { report: CompareReport }) {
  return (
    <table className="comparison" aria-label="Comparison">
      <thead>
        <tr>
          <th>Output</th>
          <th>Max abs</th>
          <th>Mean abs</th>
          <th>Max rel</th>
          <th>Cosine</th>
          <th>Outside</th>
          <th>Min atol</th>
          <th>Result</th>
        </tr>
      </thead>
      <tbody>
        {report.outputs.map((o) => (
          <tr key={o.name} className={o.pass ? 'row-pass' : 'row-fail'}>
            <td title={`${o.type}[${o.dims.join(', ')}]`}>
              {o.name}
              {o.nonFinite.reference + o.nonFinite.actual > 0 && (
                <div className="warn">
                  NaN/Inf: {o.nonFinite.reference} original, {o.nonFinite.actual} fused
                </div>
              )}
              <Histogram counts={o.histogram.counts} />
            </td>
            <td className="num">{sci(o.maxAbs)}</td>
            <td className="num">{sci(o.meanAbs)}</td>
            <td className="num">{sci(o.maxRel)}</td>
            <td className="num">{o.cosine.toFixed(6)}</td>
            <td className="num">{(o.outsideShare * 100).toFixed(2)}%</td>
            <td className="num">{sci(o.minimalAtol)}</td>
            <td className={o.pass ? 'pass' : 'fail'}>{o.pass ? 'pass' : 'fail'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
});

const BIN_LABELS = ['0', '≤1e-9', '≤1e-8', '≤1e-7', '≤1e-6', '≤1e-5', '≤1e-4', '≤1e-3', '≤1e-2', '≤0.1', '≤1', '>1'];

/** A tiny histogram of |difference|, log-scaled bins. */
function Histogram({ counts }: { counts: number[] }) {
  const max = Math.max(...counts, 1);
  return (
    <svg
      width={counts.length * 7}
      height={18}
      role="img"
      aria-label="Histogram of absolute differences"
      className="histogram"
    >
      <title>{counts.map((c, i) => `${BIN_LABELS[i] ?? ''}: ${c}`).join(', ')}</title>
      {counts.map((c, i) => (
        <rect
          key={BIN_LABELS[i] ?? i}
          x={i * 7}
          y={18 - (c / max) * 18}
          width={6}
          height={(c / max) * 18}
          fill={i >= 7 ? '#c4720a' : '#1a7f5a'}
        />
      ))}
    </svg>
  );
}
