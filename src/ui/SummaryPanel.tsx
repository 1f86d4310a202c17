import { memo } from 'react';
import { useAppStore } from '../store/index.ts';
import { formatBytes, formatCount } from './format.ts';

/** The model summary: versions, producer, inputs and outputs, sizes and the op histogram. */
export const SummaryPanel = memo(function SummaryPanel() {
  const model = useAppStore((s) => s.model);
  if (!model) return <p className="muted">No model loaded.</p>;
  const { summary } = model;
  const ops = Object.entries(summary.opHistogram).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return (
    <section aria-label="Model summary" className="summary">
      <h2 title={model.name}>{model.name}</h2>
      <dl>
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
        <dd>{formatBytes(model.byteLength)}</dd>
        {summary.sideFiles.length > 0 && (
          <>
            <dt>Side files</dt>
            <dd>{summary.sideFiles.join(', ')}</dd>
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
      <h3>Operators</h3>
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
    </section>
  );
});
