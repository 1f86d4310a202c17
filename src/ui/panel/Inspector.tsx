import { memo } from 'react';
import { type TensorStats, useAppStore } from '../../store/index.ts';

function stats(t: TensorStats): string {
  const shape = `${t.dtype}[${t.dims.join(', ')}]`;
  if (t.min === undefined || t.max === undefined || t.mean === undefined)
    return t.note ? `${shape} (${t.note})` : shape;
  const f = (v: number) => (Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(3) : v.toFixed(4));
  return `${shape} min ${f(t.min)} max ${f(t.max)} mean ${f(t.mean)}`;
}

/** The selected node: attributes, inputs with their shapes (and weight statistics), outputs. */
export const Inspector = memo(function Inspector() {
  const selected = useAppStore((s) => s.selectedNode);
  const details = useAppStore((s) => s.details);
  if (!selected) return <p className="muted">Select a node to inspect it.</p>;
  if (!details)
    return (
      <p className="muted">{selected.startsWith('input:') || selected.startsWith('output:') ? selected : 'Reading…'}</p>
    );
  return (
    <section aria-label="Node inspector" className="panel-section inspector">
      <h3>
        {details.op} {details.domain ? <span className="muted">({details.domain})</span> : null}
      </h3>
      <div className="inspector-name">{details.name || <span className="muted">unnamed</span>}</div>
      {details.docString && <p className="doc">{details.docString}</p>}
      {details.attributes.length > 0 && (
        <>
          <h4>Attributes</h4>
          <dl className="facts">
            {details.attributes.map((a) => (
              <div key={a.name} className="fact">
                <dt>{a.name}</dt>
                <dd>{a.value}</dd>
              </div>
            ))}
          </dl>
        </>
      )}
      <h4>Inputs</h4>
      <ul className="values">
        {details.inputs.map((input, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: inputs are positional, and one value may be read twice
          <li key={`${input.name}#${i}`}>
            <code>{input.name || '(omitted)'}</code>{' '}
            <span className="muted">{input.tensor ? stats(input.tensor) : input.type}</span>
          </li>
        ))}
      </ul>
      <h4>Outputs</h4>
      <ul className="values">
        {details.outputs.map((output) => (
          <li key={output.name}>
            <code>{output.name}</code> <span className="muted">{output.type}</span>
          </li>
        ))}
      </ul>
    </section>
  );
});
