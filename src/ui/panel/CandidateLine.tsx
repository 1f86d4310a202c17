import { memo } from 'react';
import { cutFromLeft } from '../format.ts';
import { countsText, type RowGroup } from './candidate-groups.ts';
import type { CandidateRow } from './candidate-rows.ts';
import { rowTag, rowText, rowTitle } from './candidate-text.ts';
import { fitText } from './text-fit.ts';
import type { Measure } from './useTextBox.ts';

/**
 * Widths in pixels that are not text, as candidate-list.css draws them: the line's side padding,
 * the gap between its parts, the status dot, the chevron and the Fuse button. The name gets
 * what is left.
 */
export const PADDING = 12;
export const GAP = 6;
export const DOT = 8;
export const CHEVRON = 10;
/** The width of a row's action button (Fuse, Apply). */
export const FUSE_BUTTON = 44;
/** Canvas and layout can round differently; a few pixels spare keep the last glyph whole. */
export const SLACK = 4;

interface GroupLineProps {
  group: RowGroup;
  open: boolean;
  width: number;
  measure: Measure;
  onToggle: (group: RowGroup, open: boolean) => void;
}

/** A group's header: opens and closes it, and says how many rows it holds of each kind. */
export const GroupLine = memo(function GroupLine({ group, open, width, measure, onToggle }: GroupLineProps) {
  return (
    <GroupHeader
      label={group.label}
      count={group.status ? String(group.rows.length) : countsText(group.counts)}
      title={`${group.label}: ${countsText(group.counts)}`}
      dot={group.status && `dot-${group.status}`}
      open={open}
      width={width}
      measure={measure}
      onToggle={(next) => onToggle(group, next)}
    />
  );
});

interface GroupHeaderProps {
  label: string;
  count: string;
  title: string;
  /** The dot's class, when the group has one status. */
  dot: string | undefined;
  open: boolean;
  width: number;
  measure: Measure;
  onToggle: (open: boolean) => void;
}

/** The header line every group of the list draws (Conv/BN family or optimizer): chevron, dot, label fitted, count. */
export function GroupHeader({ label, count, title, dot, open, width, measure, onToggle }: GroupHeaderProps) {
  const room = width - PADDING - CHEVRON - GAP - (dot ? DOT + GAP : 0) - GAP - measure(count) - SLACK;
  const text = fitText((n) => cutFromLeft(label, n), label.length, room, measure);
  return (
    <button type="button" className="cand-group" aria-expanded={open} title={title} onClick={() => onToggle(!open)}>
      <span className="cand-chevron" aria-hidden="true" />
      {dot && <span className={`dot ${dot}`} aria-hidden="true" />}
      <span className="cand-label">{text}</span>
      <span className="cand-count">{count}</span>
    </button>
  );
}

/** Room a row's action button takes, when it has one. */
export const actionRoom = (shown: boolean) => (shown ? GAP + FUSE_BUTTON : 0);

interface RowActionProps {
  text: string;
  label: string;
  title?: string;
  busy: boolean;
  onClick: () => void;
}

/** A row's action (Fuse, Apply): one small button at the line's end, off while the worker is busy. */
export function RowAction({ text, label, title, busy, onClick }: RowActionProps) {
  return (
    <button
      type="button"
      className="small cand-fuse"
      disabled={busy}
      onClick={onClick}
      aria-label={label}
      {...(title ? { title } : {})}
    >
      {text}
    </button>
  );
}

interface RowLineProps {
  row: CandidateRow;
  /** The node a click brings into view, when the current view has it. */
  nodeId: string | undefined;
  selected: boolean;
  busy: boolean;
  width: number;
  measure: Measure;
  onFocus: (nodeId: string) => void;
  onFuse: (id: string) => void;
}

/** One pair on one line: its kept node (or what was folded into what), a tag, and Fuse. */
export const RowLine = memo(function RowLine({
  row,
  nodeId,
  selected,
  busy,
  width,
  measure,
  onFocus,
  onFuse,
}: RowLineProps) {
  const tag = rowTag(row);
  const fusible = row.status === 'fusible';
  const room = width - PADDING - DOT - GAP - GAP - measure(tag) - actionRoom(fusible) - SLACK;
  const text = fitText((n) => rowText(row, n), row.keptNode.length + row.foldedNode.length + 64, room, measure);
  return (
    <div className={`cand-row is-${row.status}${selected ? ' is-selected' : ''}`}>
      <span className={`dot dot-${row.status}`} aria-hidden="true" />
      <RowName text={text} title={rowTitle(row)} nodeId={nodeId} selected={selected} onFocus={onFocus} />
      <span className="cand-tag">{tag}</span>
      {fusible && <RowAction text="Fuse" label={`Fuse ${row.id}`} busy={busy} onClick={() => onFuse(row.id)} />}
    </div>
  );
});

interface RowNameProps {
  text: string;
  /** Everything about the row, in full. */
  title: string;
  /** The node a click brings into view, when the current view has it. */
  nodeId: string | undefined;
  selected: boolean;
  onFocus: (nodeId: string) => void;
}

/** A row's name, fitted to its line: a button that brings the row's node into view. */
export function RowName({ text, title, nodeId, selected, onFocus }: RowNameProps) {
  return (
    <button
      type="button"
      className="cand-name"
      onClick={() => nodeId && onFocus(nodeId)}
      disabled={!nodeId}
      aria-current={selected || undefined}
      title={title}
    >
      {text}
    </button>
  );
}
