import { memo, useCallback, useDeferredValue, useMemo, useState } from 'react';
import { currentOptimizerPreview, type GraphView, useAppStore } from '../../store/index.ts';
import { GroupLine, RowLine } from './CandidateLine.tsx';
import { CandidateWindow } from './CandidateWindow.tsx';
import { type GroupBy, groupByKind, groupByScope, scopeDepth } from './candidate-groups.ts';
import { filterWords, matchesFilter, rowsOf } from './candidate-rows.ts';
import { emptyText } from './empty-text.ts';
import { type ListLine, linesOf } from './list-window.ts';
import { OptimizerGroupLine, OptimizerRowLine } from './OptimizerLines.tsx';
import { groupOptimizerRows, type OptimizerRow, optimizerRowsOf } from './optimizer-rows.ts';
import { useNodeLookup } from './useNodeLookup.ts';
import type { Measure } from './useTextBox.ts';
import './candidate-list.css';

/** Grouped by scope, a list this short opens every group at once. */
const OPEN_SCOPES_UP_TO = 40;

/**
 * Every candidate with its state, and the pairs fused so far, one line each: filtered, grouped by
 * kind or by scope, windowed. A fusible row fuses on click of Fuse; any row shows its node.
 */
export const CandidateList = memo(function CandidateList() {
  const candidates = useAppStore((s) => s.snapshot?.candidates);
  const fusedPairs = useAppStore((s) => s.snapshot?.fusedPairs);
  // What the optimizer could change: previewed for this point in the history when the user asked,
  // else what the last optimize step left as it was (only while that step is the current one).
  const preview = useAppStore(currentOptimizerPreview);
  const left = useAppStore((s) => s.snapshot?.optimized?.left);
  const findOptimizerCandidates = useAppStore((s) => s.findOptimizerCandidates);
  const applyOptimizerCandidate = useAppStore((s) => s.applyOptimizerCandidate);
  const view = useAppStore((s) => s.snapshot?.view);
  const selectedNode = useAppStore((s) => s.selectedNode);
  const busy = useAppStore((s) => s.busy !== undefined);
  const fuse = useAppStore((s) => s.fuse);
  const focusNode = useAppStore((s) => s.focusNode);
  const [filter, setFilter] = useState('');
  const [groupBy, setGroupBy] = useState<GroupBy>('kind');
  /** Groups the user opened or closed; the rest follow the defaults below. */
  const [toggled, setToggled] = useState<ReadonlyMap<string, boolean>>(new Map());
  // Another model starts with a clear filter and default groups (its fusions keep them).
  const modelName = useAppStore((s) => s.snapshot?.name);
  const [listedModel, setListedModel] = useState(modelName);
  if (modelName !== listedModel) {
    setListedModel(modelName);
    setFilter('');
    setToggled(new Map());
  }
  // Typing stays quick on thousands of rows: the list follows a moment later.
  const deferredFilter = useDeferredValue(filter);
  const words = useMemo(() => filterWords(deferredFilter), [deferredFilter]);
  const filtering = words.length > 0;
  const nodeFor = useNodeLookup(view);

  const rows = useMemo(() => rowsOf(candidates ?? [], fusedPairs ?? []), [candidates, fusedPairs]);
  const optimizerRows = useMemo(() => optimizerRowsOf(preview ?? left ?? []), [preview, left]);
  const nodeByName = useMemo(() => firstIdByName(view), [view]);
  const depth = useMemo(() => scopeDepth(rows), [rows]);
  const shown = useMemo(
    () => (filtering ? rows.filter((r) => matchesFilter(r, words)) : rows),
    [rows, words, filtering],
  );
  const groups = useMemo(
    () => (groupBy === 'kind' ? groupByKind(shown) : groupByScope(shown, depth)),
    [groupBy, shown, depth],
  );
  // The optimizer's rows are no Conv/BN pairs: grouped by pass and reason in either view, after them.
  const optimizerShown = useMemo(
    () => (filtering ? optimizerRows.filter((r) => words.every((w) => r.haystack.includes(w))) : optimizerRows),
    [optimizerRows, words, filtering],
  );
  const optimizerGroups = useMemo(() => groupOptimizerRows(optimizerShown), [optimizerShown]);
  const lines = useMemo(() => {
    // Grouped by kind, every group opens (the list is windowed); by scope, a long list opens
    // closed so its scopes can be seen at a glance; a filter opens whatever it found.
    const openByDefault = groupBy === 'kind' || filtering || groups.length === 1 || shown.length <= OPEN_SCOPES_UP_TO;
    return linesOf(groups, (g) => toggled.get(g.key) ?? openByDefault, optimizerGroups);
  }, [groups, optimizerGroups, groupBy, filtering, shown.length, toggled]);

  const onToggle = useCallback(
    (group: { key: string }, open: boolean) => setToggled((old) => new Map(old).set(group.key, open)),
    [],
  );
  const onFocus = useCallback((nodeId: string) => void focusNode(nodeId), [focusNode]);
  const onFuse = useCallback((id: string) => void fuse([id]), [fuse]);
  const onApply = useCallback((row: OptimizerRow) => void applyOptimizerCandidate(row), [applyOptimizerCandidate]);
  const renderLine = useCallback(
    (line: ListLine, width: number, measure: Measure) => {
      if (line.type === 'group')
        return <GroupLine group={line.group} open={line.open} width={width} measure={measure} onToggle={onToggle} />;
      if (line.type === 'optimizer-group')
        return (
          <OptimizerGroupLine group={line.group} open={line.open} width={width} measure={measure} onToggle={onToggle} />
        );
      if (line.type === 'optimizer-row') {
        const nodeId = line.row.node ? nodeByName.get(line.row.node) : undefined;
        return (
          <OptimizerRowLine
            row={line.row}
            nodeId={nodeId}
            selected={nodeId !== undefined && nodeId === selectedNode}
            busy={busy}
            width={width}
            measure={measure}
            onFocus={onFocus}
            onApply={onApply}
          />
        );
      }
      const nodeId = nodeFor(line.row);
      return (
        <RowLine
          row={line.row}
          nodeId={nodeId}
          selected={nodeId !== undefined && nodeId === selectedNode}
          busy={busy}
          width={width}
          measure={measure}
          onFocus={onFocus}
          onFuse={onFuse}
        />
      );
    },
    [nodeFor, nodeByName, selectedNode, busy, onToggle, onFocus, onFuse, onApply],
  );

  if (!candidates) return null;
  const empty = emptyText(candidates.length, fusedPairs?.length ?? 0);
  return (
    <section aria-label="Fusion candidates" className="panel-section cand-list">
      <h3>
        Candidates ({candidates.length.toLocaleString('en-US')}
        {fusedPairs?.length ? ` · ${fusedPairs.length.toLocaleString('en-US')} fused` : ''}
        {optimizerRows.length
          ? ` · ${optimizerRows.length.toLocaleString('en-US')} ${preview ? 'for the optimizer' : 'left by the optimizer'}`
          : ''}
        )
      </h3>
      {empty && <p className="muted">{empty}</p>}
      {!preview && (
        <p className="cand-optimizer-find">
          <button type="button" className="small" disabled={busy} onClick={() => void findOptimizerCandidates()}>
            Find optimizer candidates
          </button>{' '}
          <span className="muted">what each optimizer pass would change, to apply one at a time</span>
        </p>
      )}
      {preview?.length === 0 && <p className="muted">The optimizer's passes find nothing to change in this model.</p>}
      {rows.length + optimizerRows.length > 0 && (
        <>
          <div className="cand-tools">
            <input
              type="search"
              className="cand-filter"
              aria-label="Filter candidates"
              placeholder="Filter by name, op or reason"
              value={filter}
              onChange={(e) => setFilter(e.target.value)}
            />
            {/* biome-ignore lint/a11y/useSemanticElements: a group of two toggle buttons, not a form fieldset */}
            <div className="cand-group-by" role="group" aria-label="Group by">
              {(['kind', 'scope'] as const).map((by) => (
                <button key={by} type="button" aria-pressed={groupBy === by} onClick={() => setGroupBy(by)}>
                  {by === 'kind' ? 'Kind' : 'Scope'}
                </button>
              ))}
            </div>
          </div>
          {filtering && (
            <p className="muted cand-matches" aria-live="polite">
              {shown.length + optimizerShown.length === 0
                ? `No pair matches “${filter.trim()}”.`
                : `${(shown.length + optimizerShown.length).toLocaleString('en-US')} of ${(rows.length + optimizerRows.length).toLocaleString('en-US')} match`}
            </p>
          )}
          {lines.length > 0 && <CandidateWindow key={listedModel} lines={lines} renderLine={renderLine} />}
        </>
      )}
    </section>
  );
});

/** The first op drawn under each name (names may repeat), for the optimizer's rows, which name their node. */
function firstIdByName(view: GraphView | undefined): Map<string, string> {
  const map = new Map<string, string>();
  for (const n of view?.search ?? []) if (n.name && !map.has(n.name)) map.set(n.name, n.id);
  return map;
}
