import './edit.css';
import { memo } from 'react';
import { useAppStore } from '../../store/index.ts';
import { InputShapeFields } from './InputShapeFields.tsx';
import { RenameField } from './RenameField.tsx';

/** Inputs or outputs listed with their fields; a file may declare a million (the rest are counted). */
export const MAX_LISTED = 200;

/** A type as the row shows it: a hostile shape can spell out a million dims. */
function clipped(type: string): string {
  return type.length > 120 ? `${type.slice(0, 119)}…` : type;
}

function MoreNote({ total }: { total: number }) {
  return total > MAX_LISTED ? (
    <p className="muted">
      {total - MAX_LISTED} more not listed (the first {MAX_LISTED} are).
    </p>
  ) : null;
}

/**
 * The model's graph inputs and outputs, each with its edits: rename, and for inputs their shape,
 * for outputs their removal. Names are model text: shown as text only.
 */
/** A value's name (a "Rename" field) and its type, cut short when long. */
function IoHead({ name, type }: { name: string; type: string }) {
  const shown = clipped(type);
  return (
    <div className="io-head">
      <RenameField value={name} />
      <span
        className="muted"
        title={shown === type ? undefined : 'The type is cut short here; the model summary has it in full'}
      >
        {shown}
      </span>
    </div>
  );
}

export const IoPanel = memo(function IoPanel() {
  const summary = useAppStore((s) => s.snapshot?.summary);
  const applyEdit = useAppStore((s) => s.applyEdit);
  const busy = useAppStore((s) => s.busy !== undefined);
  if (!summary) return null;
  const lastOutput = summary.outputs.length <= 1;
  return (
    <section aria-label="Inputs and outputs" className="panel-section io-panel">
      <h3>Inputs</h3>
      <ul className="io-list">
        {summary.inputs.slice(0, MAX_LISTED).map((v) => (
          // Keyed by name and type: after an edit or undo the fields show the model as it is now.
          <li key={`${v.name}|${v.type}`} aria-label={v.name}>
            <IoHead name={v.name} type={v.type} />
            {v.elemType !== undefined && <InputShapeFields input={v.name} dims={v.dims ?? []} />}
          </li>
        ))}
      </ul>
      <MoreNote total={summary.inputs.length} />
      <h3>Outputs</h3>
      <ul className="io-list">
        {summary.outputs.slice(0, MAX_LISTED).map((v) => (
          <li key={`${v.name}|${v.type}`} aria-label={v.name}>
            <IoHead name={v.name} type={v.type} />
            <button
              type="button"
              className="small"
              disabled={busy || lastOutput}
              title={lastOutput ? 'A model keeps at least one output.' : undefined}
              onClick={() => void applyEdit({ op: 'remove-output', value: v.name })}
            >
              Remove output
            </button>
          </li>
        ))}
      </ul>
      <MoreNote total={summary.outputs.length} />
    </section>
  );
});
