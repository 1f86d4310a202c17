import './edit.css';

export interface HistoryEntry {
  /** One line saying what the step did, with the model's names (model text: shown as text). */
  description: string;
}

/**
 * The edit history as a list: the opened model first, then every step, the ones undone too (in
 * grey, still there to redo). The current step is marked (aria-current); clicking any other shows
 * the model as it was after it.
 */
export function HistoryList({
  opened,
  entries,
  current,
  disabled,
  onGo,
}: {
  opened: string;
  entries: readonly HistoryEntry[];
  /** How many steps are applied: 0 is the opened model. */
  current: number;
  disabled: boolean;
  onGo: (step: number) => void;
}) {
  const rows = [{ description: `Opened ${opened}` }, ...entries];
  return (
    <section aria-label="Edit history" className="panel-section edit-history">
      <h3>Edit history</h3>
      <ol>
        {rows.map((row, step) => (
          <li
            // biome-ignore lint/suspicious/noArrayIndexKey: a history row is its position
            key={step}
            className={step > current ? 'is-undone' : undefined}
          >
            <button
              type="button"
              className="history-step"
              aria-current={step === current ? 'step' : undefined}
              disabled={disabled}
              title={step === current ? 'The model as it is now' : 'Show the model as it was after this step'}
              onClick={() => {
                if (step !== current) onGo(step);
              }}
            >
              <span className="step-number">{step}</span> {row.description}
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}
