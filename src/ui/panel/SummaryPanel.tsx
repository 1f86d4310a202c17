import { memo } from 'react';
import { useAppStore } from '../../store/index.ts';
import { formatBytes, formatCount } from '../format.ts';

/** Model summary: versions, producer, inputs and outputs, sizes and the op histogram. */
export const SummaryPanel = memo(function SummaryPanel() {
  const snapshot = useAppStore((s) => s.snapshot);
  if (!snapshot) return <p className="muted">No model loaded.</p>;
  const { summary } = snapshot;
  const ops = Object.entries(summary.opHistogram).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return (
    <section aria-label="Model summary" className="panel-section">
      <h2 title={snapshot.name}>{snapshot.name}</h2>
      <dl className="facts">
        <dt>IR version</dt>
        <dd>{summary.irVersion}</dd>
        <dt>Opsets</dt>
        <dd>{summary.opsets.map((o) => `${o.domain || 'ai.onnx'} ${o.version}`).join(', ') || 'none'}</dd>
        <dt>Producer</dt>
        <dd>{[summary.producer.name, summary.producer.version].filter(Boolean).join(' ') || 'unknown'}</dd>
        <dt>Nodes</dt>
        <dd>
          {formatCount(summary.nodeCount)}
          {summary.subgraphCount > 0
            ? ` (+${formatCount(summary.totalNodeCount - summary.nodeCount)} in ${summary.subgraphCount} subgraphs)`
            : ''}
        </dd>
        <dt>Parameters</dt>
        <dd>
          {formatCount(summary.parameterCount)} ({formatBytes(summary.parameterBytes)})
        </dd>
        <dt>File size</dt>
        <dd>{formatBytes(snapshot.byteLength)}</dd>
        {Object.keys(snapshot.timings).length > 0 && (
          <>
            <dt>Worker time</dt>
            <dd data-testid="worker-timings">
              {Object.entries(snapshot.timings)
                .map(([stage, ms]) => `${stage} ${Math.round(ms ?? 0)} ms`)
                .join(' · ')}
            </dd>
          </>
        )}
        {summary.sideFiles.length > 0 && (
          <>
            <dt>Side files</dt>
            <dd>
              {summary.sideFiles.join(', ')}
              {snapshot.missingSideFiles.length > 0 ? ` (missing: ${snapshot.missingSideFiles.join(', ')})` : ''}
            </dd>
          </>
        )}
      </dl>
      <h3>Inputs</h3>
      <ul className="values">
        {summary.inputs.map((v) => (
          <li key={v.name}>
            <code>{v.name}</code> <span className="muted">{v.type}</span>
          </li>
        ))}
      </ul>
      <h3>Outputs</h3>
      <ul className="values">
        {summary.outputs.map((v) => (
          <li key={v.name}>
            <code>{v.name}</code> <span className="muted">{v.type}</span>
          </li>
        ))}
      </ul>
      <details>
        <summary>Operators ({ops.length})</summary>
        <table className="ops" aria-label="Operators">
          <tbody>
            {ops.map(([op, count]) => (
              <tr key={op}>
                <td>{op}</td>
                <td className="num">{count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
});
