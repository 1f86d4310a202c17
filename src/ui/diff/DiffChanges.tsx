import { memo } from 'react';
import type { ChangeStatus, DiffAnswer, NodeChange } from '../../store/index.ts';
import { cutFromLeft, formatCount } from '../format.ts';
import { subtitleOf } from '../graph/shorten-name.ts';
import { changeSummary, differenceText, valueChangeText } from './diff-text.ts';

/** Characters of op and name that fit on a row's first line. */
const NAME_CHARS = 44;
/** A long op leaves at least this much of the name. */
const MIN_NAME_CHARS = 18;

const SECTIONS: { status: ChangeStatus; title: string }[] = [
  { status: 'removed', title: 'Removed' },
  { status: 'changed', title: 'Changed' },
  { status: 'added', title: 'Added' },
];

interface Props {
  answer: DiffAnswer;
  /** The change last centred, to mark its row. */
  focused: number | undefined;
  onPick: (index: number) => void;
}

/**
 * Every change, in sections by kind with their counts; each row names the node (model text,
 * shown as text) and what changed, and centres it on both sides when clicked.
 */
export const DiffChanges = memo(function DiffChanges({ answer, focused, onPick }: Props) {
  const { counts, nodes, values } = answer.diff;
  const indexed = nodes.map((change, index) => ({ change, index }));
  return (
    <section className="diff-changes" aria-labelledby="diff-changes-title">
      <h3 id="diff-changes-title">Changes</h3>
      <p className="diff-counts" data-testid="diff-counts">
        {formatCount(counts.removed)} removed · {formatCount(counts.added)} added · {formatCount(counts.changed)}{' '}
        changed · {formatCount(counts.unchanged)} unchanged
      </p>
      {nodes.length === 0 && values.length === 0 && (
        <p className="diff-none">No changes: the current model has the same nodes, weights and attributes.</p>
      )}
      {SECTIONS.map(({ status, title }) => {
        const rows = indexed.filter((r) => r.change.status === status);
        if (rows.length === 0) return null;
        return (
          <div key={status} className="diff-section">
            <h4>
              {title} <span className="diff-section-count">{formatCount(rows.length)}</span>
            </h4>
            <ul aria-label={`${title} nodes`}>
              {rows.map(({ change, index }) => (
                <li key={index}>
                  <ChangeRow change={change} current={index === focused} onPick={() => onPick(index)} />
                </li>
              ))}
            </ul>
          </div>
        );
      })}
      {values.length > 0 && (
        <div className="diff-section">
          <h4>
            Inputs and outputs <span className="diff-section-count">{formatCount(values.length)}</span>
          </h4>
          <ul aria-label="Changed inputs and outputs">
            {values.map((v) => (
              <li key={`${v.kind}:${v.name}`} className={`diff-value diff-text-${v.status}`}>
                {valueChangeText(v)}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
});

function ChangeRow({ change, current, onPick }: { change: NodeChange; current: boolean; onPick: () => void }) {
  const node = change.current ?? change.original;
  const name = node?.name || '(no name)';
  const summary = change.status === 'changed' ? changeSummary(change) : change.status;
  return (
    <button
      type="button"
      className={`diff-row diff-row-${change.status}`}
      aria-current={current ? 'true' : undefined}
      aria-label={`${node?.op ?? ''} ${name}: ${summary}`}
      title={name}
      onClick={onPick}
    >
      <span className="diff-row-head">
        <span className={`diff-dot diff-dot-${change.status}`} aria-hidden="true" />
        <span className="diff-row-op">{node?.op}</span>
        <RowName name={name} op={node?.op ?? ''} />
      </span>
      {change.graph !== 'main' && <span className="diff-row-graph">in {change.graph.replace(/^main\//, '')}</span>}
      {change.differences.length > 0 && (
        <span className="diff-row-details">
          {change.differences.slice(0, 6).map((d, k) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: differences have no identity of their own and never reorder
            <span key={k} className="diff-detail">
              {differenceText(d)}
            </span>
          ))}
          {change.differences.length > 6 && <span className="diff-detail">+{change.differences.length - 6} more</span>}
        </span>
      )}
    </button>
  );
}

/**
 * A node's name without the op its row already says ("/layer1.0/a/bn" for a BatchNormalization
 * named ".../bn/BatchNormalization"), cut from the left (neighbours share their start, the end
 * tells them apart); the whole name stays in the text for search and screen readers, as on the
 * node cards.
 */
function RowName({ name, op }: { name: string; op: string }) {
  const shown = cutFromLeft(subtitleOf(name, op), Math.max(NAME_CHARS - op.length, MIN_NAME_CHARS));
  if (shown === name) return <span className="diff-row-name">{name}</span>;
  return (
    <span className="diff-row-name" title={name}>
      <span aria-hidden="true">{shown}</span>
      <span className="visually-hidden">{name}</span>
    </span>
  );
}
