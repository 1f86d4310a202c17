import './diff.css';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { type DiffSide, type GraphView, useAppStore } from '../../store/index.ts';
import { readableFit, type Size, type Viewport } from '../graph/viewport.ts';
import { DiffCanvas } from './DiffCanvas.tsx';
import { DiffChanges } from './DiffChanges.tsx';
import { changeTarget, diffMarks, drawnId, drawnView } from './diff-marks.ts';
import { centredOn, follow, sameViewport } from './sync-viewport.ts';

type Viewports = Record<DiffSide, Viewport>;

const OTHER: Record<DiffSide, DiffSide> = { original: 'current', current: 'original' };
/** Zoom a change is centred at, as the main canvas centres a node it is asked to show. */
const FOCUS_ZOOM = 1.1;

/**
 * The original (as opened) and the current model side by side, over the main canvas: removed
 * nodes red on the left, added green on the right, changed amber on both; panning or zooming one
 * side moves the other the same way, selecting a node selects its match, and the list of changes
 * centres each one on both sides.
 */
export function DiffView() {
  const open = useAppStore((s) => s.diffOpen);
  const answer = useAppStore((s) => s.diff);
  const focus = useAppStore((s) => s.diffFocus);
  const selection = useAppStore((s) => s.diffSelection);
  const toggleDiff = useAppStore((s) => s.toggleDiff);
  const focusChange = useAppStore((s) => s.focusChange);
  const selectInDiff = useAppStore((s) => s.selectInDiff);
  const select = useAppStore((s) => s.select);
  const toggleGroup = useAppStore((s) => s.toggleGroup);
  const modelName = useAppStore((s) => s.snapshot?.name ?? '');
  // Loading a model (even the same file again) makes a new source object; edits do not.
  const modelKey = useAppStore((s) => s.source);
  const current = answer?.snapshot.view;
  const marks = useMemo(() => (answer && current ? diffMarks(answer, current) : undefined), [answer, current]);
  const canvases = useRef<HTMLDivElement>(null);
  const [viewports, setViewports] = useState<Viewports>();

  // Both canvases are as large as each other: half of this box.
  const canvasSize = useCallback((): Size => {
    const box = canvases.current?.getBoundingClientRect();
    return { width: (box?.width ?? 0) / 2, height: Math.max((box?.height ?? 0) - 28, 0) };
  }, []);

  // A new model (or the view opened again) starts fitted; later answers (edits, undo) keep the viewport.
  const fittedFor = useRef<unknown>(undefined);
  useEffect(() => {
    if (!open) fittedFor.current = undefined;
    if (!open || !answer || !current || fittedFor.current === modelKey) return;
    fittedFor.current = modelKey;
    const graph = {
      x: 0,
      y: 0,
      width: Math.max(answer.original.width, current.width),
      height: Math.max(answer.original.height, current.height),
    };
    const start = readableFit(canvasSize(), graph, { x: 0, y: 0, zoom: 1 });
    setViewports({ original: start, current: start });
  }, [open, answer, current, canvasSize, modelKey]);

  const onMove = useCallback((side: DiffSide, next: Viewport) => {
    setViewports((was) => {
      if (!was || sameViewport(was[side], next)) return was;
      const other = OTHER[side];
      return { ...was, [side]: next, [other]: follow(was[side], next, was[other]) } as Viewports;
    });
  }, []);

  const onSelect = useCallback(
    (side: DiffSide, nodeId: string | undefined) => {
      if (!nodeId || !marks) {
        selectInDiff(undefined);
        return;
      }
      const partner = marks[side].partner.get(nodeId);
      selectInDiff({ [side]: nodeId, ...(partner ? { [OTHER[side]]: partner } : {}) });
      // The inspector shows the current model's node, when there is one.
      const inCurrent = side === 'current' ? nodeId : partner;
      void select(inCurrent && !inCurrent.startsWith('group:') ? inCurrent : undefined);
    },
    [marks, select, selectInDiff],
  );

  // Centring a change: each side on its own node; a side without one moves as the other did.
  // Once per request: later answers (an edit, a group opened) keep the viewport where the user put it.
  const centred = useRef<number | undefined>(undefined);
  useEffect(() => {
    if (!focus || !answer || !current || centred.current === focus.serial) return;
    centred.current = focus.serial;
    const change = answer.diff.nodes[focus.change];
    if (!change) return;
    const views: Record<DiffSide, GraphView> = { original: answer.original, current };
    const targets: Partial<Record<DiffSide, string>> = {};
    for (const side of ['original', 'current'] as const) {
      const id = changeTarget(answer, change, side);
      const shown = id && drawnId(drawnView(views[side]), id);
      if (shown) targets[side] = shown;
    }
    selectInDiff(targets);
    // The inspector follows, as it does for a node clicked on either side.
    if (targets.current && !targets.current.startsWith('group:')) void select(targets.current);
    const size = canvasSize();
    setViewports((was) => {
      if (!was) return was;
      const next: Partial<Viewports> = {};
      for (const side of ['original', 'current'] as const) {
        const node = views[side].nodes.find((n) => n.id === targets[side]);
        if (node) next[side] = centredOn(size, node, FOCUS_ZOOM);
      }
      if (next.original && next.current) return next as Viewports;
      if (next.original) return { original: next.original, current: follow(was.original, next.original, was.current) };
      if (next.current) return { current: next.current, original: follow(was.current, next.current, was.original) };
      return was;
    });
  }, [focus, answer, current, canvasSize, selectInDiff, select]);

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      // Escape in a text field is the field's (the search box clears itself with it).
      const typing = event.target instanceof HTMLElement && event.target.closest('input, textarea, select');
      if (event.key === 'Escape' && !typing) void toggleDiff();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open, toggleDiff]);

  if (!open) return null;
  return (
    <section className="diff-view" aria-label="Graph diff">
      <header className="diff-header">
        <h2>Diff</h2>
        <ul className="diff-legend" aria-label="Legend">
          <li>
            <span className="diff-swatch diff-swatch-removed" aria-hidden="true" /> removed (original)
          </li>
          <li>
            <span className="diff-swatch diff-swatch-added" aria-hidden="true" /> added (current)
          </li>
          <li>
            <span className="diff-swatch diff-swatch-changed" aria-hidden="true" /> changed (both)
          </li>
          <li>
            <span className="diff-swatch diff-swatch-contains" aria-hidden="true" /> group holding changes
          </li>
        </ul>
        <span className="spacer" />
        <button type="button" className="small" onClick={() => void toggleDiff()}>
          Close diff
        </button>
      </header>
      <div className="diff-body">
        <div className="diff-canvases" ref={canvases}>
          {answer && current && marks && viewports ? (
            <>
              <DiffCanvas
                side="original"
                label={`Original: ${modelName}`}
                view={answer.original}
                marks={marks.original.marks}
                viewport={viewports.original}
                selected={selection?.original}
                onMove={onMove}
                onSelect={onSelect}
                onToggleGroup={(id) => void toggleGroup(id)}
              />
              <DiffCanvas
                side="current"
                label="Current"
                view={current}
                marks={marks.current.marks}
                viewport={viewports.current}
                selected={selection?.current}
                onMove={onMove}
                onSelect={onSelect}
                onToggleGroup={(id) => void toggleGroup(id)}
              />
            </>
          ) : (
            <p className="diff-loading" aria-busy="true">
              Comparing the graphs…
            </p>
          )}
        </div>
        {answer && <DiffChanges answer={answer} focused={focus?.change} onPick={(index) => void focusChange(index)} />}
      </div>
    </section>
  );
}
