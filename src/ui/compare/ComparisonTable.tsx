import { memo } from 'react';
import { formatSci } from '../../compare/format.ts';
import type { CompareReport, OutputComparison } from '../../store/index.ts';
import { Histogram } from './Histogram.tsx';

const FIGURES = ['Max abs', 'Mean abs', 'Max rel', 'Cosine', 'Outside', 'Min atol'] as const;

/** The figures of one output, in the order of FIGURES; dashes when no value was finite in both models. */
function figures(o: OutputComparison): [(typeof FIGURES)[number], string][] {
  if (o.count > 0 && o.compared === 0) return FIGURES.map((label) => [label, '—']);
  return [
    ['Max abs', formatSci(o.maxAbs)],
    ['Mean abs', formatSci(o.meanAbs)],
    ['Max rel', formatSci(o.maxRel)],
    ['Cosine', o.cosine.toFixed(6)],
    ['Outside', `${(o.outsideShare * 100).toFixed(2)}%`],
    ['Min atol', formatSci(o.minimalAtol)],
  ];
}

/**
 * One row per output, laid out as a card so that it fits the side panel: name and verdict on the
 * first line, the figures under them with their names, then notes that say why when the figures
 * alone would mislead. The last cell of a row reads exactly "pass", "fail" or "inconclusive".
 */
export const ComparisonTable = memo(function ComparisonTable({ report }: { report: CompareReport }) {
  return (
    <table className="comparison" aria-label="Comparison">
      <thead>
        <tr>
          <th>Output</th>
          {FIGURES.map((h) => (
            <th key={h}>{h}</th>
          ))}
          <th>Notes</th>
          <th>Result</th>
        </tr>
      </thead>
      <tbody>
        {report.outputs.map((o) => (
          <tr key={o.name} className={`row-${o.verdict}`}>
            <td className="output-name" title={`${o.type}[${o.dims.join(', ')}]`}>
              {o.matchedBy === 'position' ? `${o.name} ↔ ${o.actualName}` : o.name}
              {o.nonFinite.reference + o.nonFinite.actual > 0 && (
                <div className="warn">
                  NaN/Inf: {o.nonFinite.reference} {report.labels.reference}, {o.nonFinite.actual}{' '}
                  {report.labels.actual}
                </div>
              )}
              <Histogram counts={o.histogram.counts} />
            </td>
            {figures(o).map(([label, value]) => (
              <td key={label} className="figure">
                <span className="figure-label" aria-hidden="true">
                  {label}
                </span>
                <span className="num">{value}</span>
              </td>
            ))}
            <td className="notes">
              {o.notes.map((note) => (
                <p key={note.text} className={`note note-${note.kind}`}>
                  {note.text}
                </p>
              ))}
            </td>
            <td className={`result ${o.verdict}`}>{o.verdict}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
});
