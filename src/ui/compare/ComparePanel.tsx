import { memo, useMemo, useState } from 'react';
import { symbolicDims } from '../../compare/inputs.ts';
import { useAppStore } from '../../store/index.ts';
import { CompareOptions } from './CompareOptions.tsx';
import { ComparisonTable } from './ComparisonTable.tsx';
import { LatencyChart } from './LatencyChart.tsx';
import { reportJson, reportMarkdown } from './report-text.ts';

/** Verify: run the original and the fused model with onnxruntime-web and compare outputs and latency. */
export const ComparePanel = memo(function ComparePanel() {
  const open = useAppStore((s) => s.compareOpen);
  const snapshot = useAppStore((s) => s.snapshot);
  const progress = useAppStore((s) => s.compareProgress);
  const report = useAppStore((s) => s.compareReport);
  const error = useAppStore((s) => s.compareError);
  const tolerance = useAppStore((s) => s.tolerance);
  const run = useAppStore((s) => s.runCompare);
  const cancel = useAppStore((s) => s.cancelCompare);
  const close = useAppStore((s) => s.openCompare);
  const setTolerance = useAppStore((s) => s.setTolerance);
  const [copied, setCopied] = useState('');
  const inputs = snapshot?.summary.inputs;
  const dims = useMemo(
    () => symbolicDims((inputs ?? []).map((i) => ({ name: i.name, elemType: i.elemType ?? 0, dims: i.dims }))),
    [inputs],
  );
  if (!open || !snapshot) return null;
  const copy = (kind: 'JSON' | 'Markdown') => {
    if (!report) return;
    const text = kind === 'JSON' ? reportJson(snapshot.name, report) : reportMarkdown(snapshot.name, report);
    void navigator.clipboard.writeText(text).then(
      () => setCopied(`${kind} copied`),
      () => setCopied(`Could not copy ${kind}`),
    );
  };
  return (
    <section aria-label="Verify" className="panel-section compare-panel">
      <div className="compare-head">
        <h3>Verify with onnxruntime-web</h3>
        <button type="button" className="link" aria-label="Close verify" onClick={() => close(false)}>
          ×
        </button>
      </div>
      <CompareOptions dims={dims} />
      <div className="compare-actions">
        <button type="button" className="primary-button" onClick={() => void run()} disabled={progress !== undefined}>
          Run comparison
        </button>
        {progress && (
          <>
            <span className="progress" aria-busy="true">
              <span className="spinner" aria-hidden="true" />
              {progress.stage} {progress.total > 1 ? `${progress.done}/${progress.total}` : ''}
            </span>
            <button type="button" onClick={cancel}>
              Cancel
            </button>
          </>
        )}
      </div>
      {error && <p className="compare-error">{error}</p>}
      {report && (
        <div className="compare-results">
          <p>
            Ran on <strong>{report.provider === 'wasm' ? 'WASM' : 'WebGPU'}</strong>
            {report.provider === 'wasm' ? `, ${report.threads} thread${report.threads === 1 ? '' : 's'}` : ''}
            {'; '}optimization: original <code>{report.optimization.original}</code>, fused{' '}
            <code>{report.optimization.fused}</code>.{' '}
            {!report.interleaved &&
              'The models were too large to hold both, so they ran one after the other (timings not interleaved). '}
            <strong className={report.pass ? 'pass' : 'fail'}>
              {report.pass ? 'All outputs agree.' : 'Outputs differ beyond tolerance.'}
            </strong>
          </p>
          <p className="muted" data-testid="compare-inputs">
            Inputs: {report.inputs.join('; ')}
          </p>
          <div className="tolerance">
            <ToleranceField
              label="atol"
              value={tolerance.atol}
              onChange={(atol) => setTolerance({ ...tolerance, atol })}
            />
            <ToleranceField
              label="rtol"
              value={tolerance.rtol}
              onChange={(rtol) => setTolerance({ ...tolerance, rtol })}
            />
          </div>
          <ComparisonTable report={report} />
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
                  <td>{k}</td>
                  <td className="num">{report.latency[k].median.toFixed(2)}</td>
                  <td className="num">{report.latency[k].p90.toFixed(2)}</td>
                  <td className="num">{report.latency[k].min.toFixed(2)}</td>
                  <td className="num">{report.latency[k].max.toFixed(2)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>
            Fused / original (median): <strong data-testid="latency-ratio">{report.latency.ratio.toFixed(3)}</strong>{' '}
            over {report.latency.fused.runs} runs after {report.warmup} warm-up runs.
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
      )}
    </section>
  );
});

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
