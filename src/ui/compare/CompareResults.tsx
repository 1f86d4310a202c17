import { memo, useEffect, useRef, useState } from 'react';
import { formatSpeedRatio } from '../../compare/format.ts';
import { anyNonFinite, headline } from '../../compare/verdict.ts';
import { type CompareReport, useAppStore } from '../../store/index.ts';
import { ComparisonTable } from './ComparisonTable.tsx';
import { LatencyChart } from './LatencyChart.tsx';
import { OutputDetails } from './OutputDetails.tsx';
import { reportJson, reportMarkdown, UNCHANGED_NOTE } from './report-text.ts';

/** What to try when outputs hold NaN/Inf, with the names of the controls above. */
const NON_FINITE_ADVICE =
  'NaN/Inf usually means these inputs drive the model out of range: try a smaller input scale, real data (a picture) or another seed.';

/** A finished comparison: the verdict and per-output figures first, then inputs, tolerance and latency. */
export const CompareResults = memo(function CompareResults({
  model,
  report,
}: {
  model: string;
  report: CompareReport;
}) {
  const tolerance = useAppStore((s) => s.tolerance);
  const setTolerance = useAppStore((s) => s.setTolerance);
  const [copied, setCopied] = useState('');
  const verdictRef = useRef<HTMLDivElement>(null);
  // A new run's verdict is what the user waits for: bring it into view (only the side panel
  // scrolls). Keyed on the run's samples, so re-judging at another tolerance does not scroll.
  const samples = report.samples;
  useEffect(() => {
    if (samples) verdictRef.current?.scrollIntoView({ block: 'nearest' });
  }, [samples]);
  const copy = (kind: 'JSON' | 'Markdown') => {
    const text = kind === 'JSON' ? reportJson(model, report) : reportMarkdown(model, report);
    void navigator.clipboard.writeText(text).then(
      () => setCopied(`${kind} copied`),
      () => setCopied(`Could not copy ${kind}`),
    );
  };
  return (
    <div className="compare-results">
      <p>
        Ran on <strong>{report.provider === 'wasm' ? 'WASM' : 'WebGPU'}</strong>
        {report.provider === 'wasm' ? `, ${report.threads} thread${report.threads === 1 ? '' : 's'}` : ''}
        {'; '}optimization: {report.labels.reference} <code>{report.optimization.original}</code>,{' '}
        {report.labels.actual} <code>{report.optimization.fused}</code>.{' '}
        {!report.interleaved &&
          'The models were too large to hold both, so they ran one after the other (timings not interleaved). '}
      </p>
      <div ref={verdictRef} className="compare-verdict">
        <p className={`headline ${report.verdict}`} data-testid="compare-verdict">
          {headline(report.verdict, report.outputs)}
          {anyNonFinite(report.outputs) && <span className="advice"> {NON_FINITE_ADVICE}</span>}
        </p>
        {report.matching.note && (
          <p className="muted" data-testid="compare-matching">
            {report.matching.note}
          </p>
        )}
        {report.unchanged && (
          <p className="muted" data-testid="compare-unchanged">
            {UNCHANGED_NOTE}
          </p>
        )}
        <ComparisonTable report={report} />
        <OutputDetails report={report} />
      </div>
      <p className="muted" data-testid="compare-inputs">
        Inputs: {report.inputs.join('; ')}
      </p>
      <div className="tolerance">
        <ToleranceField label="atol" value={tolerance.atol} onChange={(atol) => setTolerance({ ...tolerance, atol })} />
        <ToleranceField label="rtol" value={tolerance.rtol} onChange={(rtol) => setTolerance({ ...tolerance, rtol })} />
      </div>
      <table className="latency" aria-label="Latency">
        <thead>
          <tr>
            <th>Model</th>
            <th>Median ms</th>
            <th>p90 ms</th>
            <th>Min ms</th>
            <th>Max ms</th>
          </tr>
        </thead>
        <tbody>
          {(['original', 'fused'] as const).map((k) => (
            <tr key={k}>
              <td>{k === 'original' ? report.labels.reference : report.labels.actual}</td>
              <td className="num">{report.latency[k].median.toFixed(2)}</td>
              <td className="num">{report.latency[k].p90.toFixed(2)}</td>
              <td className="num">{report.latency[k].min.toFixed(2)}</td>
              <td className="num">{report.latency[k].max.toFixed(2)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        {capitalized(report.labels.actual)} / {report.labels.reference} (median):{' '}
        <strong data-testid="latency-ratio">{report.latency.ratio.toFixed(3)}</strong> (
        <span data-testid="latency-meaning">
          {report.labels.actual} {formatSpeedRatio(report.latency.ratio)}
        </span>
        ), over {report.latency.fused.runs} timed runs after {report.warmup} warm-up runs.
      </p>
      <LatencyChart original={report.latency.original} fused={report.latency.fused} />
      <div className="compare-actions">
        <button type="button" onClick={() => copy('JSON')}>
          Copy JSON
        </button>
        <button type="button" onClick={() => copy('Markdown')}>
          Copy Markdown
        </button>
        <span className="muted">{copied}</span>
      </div>
    </div>
  );
});

/** "fused" → "Fused"; a file name is left as it is. */
function capitalized(label: string): string {
  return label === 'fused' ? 'Fused' : label;
}

function ToleranceField({
  label,
  value,
  onChange,
}: {
  label: string;
  value: number;
  onChange: (value: number) => void;
}) {
  return (
    <label className="field">
      <span>{label}</span>
      <input
        type="number"
        step="any"
        value={value}
        onChange={(e) => Number.isFinite(Number(e.target.value)) && onChange(Math.max(0, Number(e.target.value)))}
      />
    </label>
  );
}
