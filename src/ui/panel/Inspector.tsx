import { memo, type ReactNode, useEffect, useRef } from 'react';
import { type NodeDetails, type TensorStats, useAppStore } from '../../store/index.ts';
import { AttributeField } from '../edit/AttributeField.tsx';
import { InitializerActions } from '../edit/InitializerActions.tsx';
import { NodeActionButtons } from '../edit/NodeActionButtons.tsx';
import { useDetailsFollowModel } from '../edit/useDetailsFollowModel.ts';
import { useNodeRef } from '../edit/useNodeRef.ts';

function stats(t: TensorStats): string {
  const shape = `${t.dtype}[${t.dims.join(', ')}]`;
  if (t.min === undefined || t.max === undefined || t.mean === undefined)
    return t.note ? `${shape} (${t.note})` : shape;
  const f = (v: number) => (Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(3) : v.toFixed(4));
  return `${shape} min ${f(t.min)} max ${f(t.max)} mean ${f(t.mean)}`;
}

/**
 * The selected node, scrolled into view in the side panel when a node is selected (on the canvas,
 * by search or from the list) and again when its details arrive: the panel may be scrolled down
 * to the candidate list, and a selection that fills an inspector out of sight seems to do nothing.
 */
export const Inspector = memo(function Inspector() {
  const selected = useAppStore((s) => s.selectedNode);
  const details = useAppStore((s) => s.details);
  const slot = useRef<HTMLDivElement>(null);
  useDetailsFollowModel();
  // Changes when another node is selected, and once more when its details fill the inspector.
  const shown = details ? `${selected} (details)` : selected;
  useEffect(() => {
    if (shown !== undefined && slot.current) revealInPanel(slot.current);
  }, [shown]);
  return (
    <div ref={slot} className="inspector-slot">
      <InspectorBody selected={selected} details={details} />
    </div>
  );
});

/** Scrolls the nearest scrolling panel just enough to show `element` (its top, when it is taller). */
function revealInPanel(element: HTMLElement): void {
  const panel = element.closest('.side-panel');
  if (!panel) return;
  const box = element.getBoundingClientRect();
  const view = panel.getBoundingClientRect();
  if (box.top < view.top || box.height > view.height) panel.scrollTop += box.top - view.top;
  else if (box.bottom > view.bottom) panel.scrollTop += box.bottom - view.bottom;
}

function InspectorBody({
  selected,
  details,
}: {
  selected: string | undefined;
  details: NodeDetails | undefined;
}): ReactNode {
  const ref = useNodeRef(details?.id);
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
      <NodeActionButtons />
      {details.attributes.length > 0 && (
        <>
          <h4>Attributes</h4>
          <dl className="facts">
            {details.attributes.map((a) => (
              // Keyed by value too: after an edit or undo the field shows the value as it is now.
              <div key={`${a.name}|${a.value}`} className="fact">
                <dt>{a.name}</dt>
                <AttributeField attribute={a} node={ref} />
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
            {input.initializer && <InitializerActions name={input.name} />}
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
}
