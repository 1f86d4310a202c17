import { memo } from 'react';
import { cutFromLeft } from '../format.ts';
import { actionRoom, DOT, GAP, GroupHeader, PADDING, RowAction, RowName, SLACK } from './CandidateLine.tsx';
import { nodeText } from './candidate-text.ts';
import { blocked, type OptimizerGroup, type OptimizerRow, optimizerRowTitle } from './optimizer-rows.ts';
import { fitText } from './text-fit.ts';
import type { Measure } from './useTextBox.ts';

/** The dot of an optimizer row or group: blocked, or applicable but left (drawn as fusible is). */
const dotOf = (row: OptimizerRow | undefined) => (row && !blocked(row) ? 'dot-fusible' : 'dot-blocked');

interface OptimizerGroupLineProps {
  group: OptimizerGroup;
  open: boolean;
  width: number;
  measure: Measure;
  onToggle: (group: OptimizerGroup, open: boolean) => void;
}

/** A header of what the optimizer could change or left, by pass and reason, with its count. */
export const OptimizerGroupLine = memo(function OptimizerGroupLine({
  group,
  open,
  width,
  measure,
  onToggle,
}: OptimizerGroupLineProps) {
  const count = String(group.rows.length);
  return (
    <GroupHeader
      label={group.label}
      count={count}
      title={`${group.label}: ${count}`}
      dot={dotOf(group.rows[0])}
      open={open}
      width={width}
      measure={measure}
      onToggle={(next) => onToggle(group, next)}
    />
  );
});

interface OptimizerRowLineProps {
  row: OptimizerRow;
  /** The node a click brings into view, when the current view has it. */
  nodeId: string | undefined;
  selected: boolean;
  busy: boolean;
  width: number;
  measure: Measure;
  onFocus: (nodeId: string) => void;
  onApply: (row: OptimizerRow) => void;
}

/** One node the optimizer could change or left, on one line: the node, the reason as its tag, and Apply. */
export const OptimizerRowLine = memo(function OptimizerRowLine({
  row,
  nodeId,
  selected,
  busy,
  width,
  measure,
  onFocus,
  onApply,
}: OptimizerRowLineProps) {
  const tag = row.reason;
  const applicable = !blocked(row);
  const room = width - PADDING - DOT - GAP - GAP - measure(tag) - actionRoom(applicable) - SLACK;
  const full = nodeText(row.op, row.node);
  const text = fitText((n) => cutFromLeft(full, n), full.length, room, measure);
  return (
    <div className={`cand-row opt-row${selected ? ' is-selected' : ''}`}>
      <span className={`dot ${dotOf(row)}`} aria-hidden="true" />
      <RowName text={text} title={optimizerRowTitle(row)} nodeId={nodeId} selected={selected} onFocus={onFocus} />
      <span className="cand-tag">{tag}</span>
      {applicable && (
        <RowAction
          text="Apply"
          label={`Apply ${row.id}`}
          title={`${row.pass}: ${row.action}`}
          busy={busy}
          onClick={() => onApply(row)}
        />
      )}
    </div>
  );
});
