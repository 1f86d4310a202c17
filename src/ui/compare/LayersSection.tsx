import { memo, useState } from 'react';
import { formatSci } from '../../compare/format.ts';
import { divergenceText, type LayerResult } from '../../compare/layers.ts';
import { progressText } from '../../compare/progress.ts';
import { checkModeText } from '../../compare/stats.ts';
import { useAppStore } from '../../store/index.ts';
import type { LayerRun } from '../../store/layers-slice.ts';
import { producerNodeId } from '../graph/layer-heat.ts';
import { layersJson, layersMarkdown } from './layers-text.ts';
import { CHECK_MODES as MODES } from './OutputCheckFields.tsx';
import { StatsTable } from './StatsTable.tsx';
import './layers.css';

/** Rows drawn at once in the list of layers; the rest behind "Show all". */
const FIRST_ROWS = 100;

/**
 * "Compare layers": every value both models have is compared (compare/layers.ts), chunk by chunk
 * in a worker with progress and Cancel; the result names the first value beyond tolerance, which
 * centres its node when clicked, and colours the graph (see graph/LayerLegend).
 */
export const LayersSection = memo(function LayersSection() {
  const progress = useAppStore((s) => s.layersProgress);
  const run = useAppStore((s) => s.layerRun);
  const error = useAppStore((s) => s.layersError);
  const mode = useAppStore((s) => s.layerMode);
  const compareLayers = useAppStore((s) => s.compareLayers);
  const cancel = useAppStore((s) => s.cancelLayers);
  const setMode = useAppStore((s) => s.setLayerMode);
  return (
    <section className="layers-section" aria-label="Layers">
      <div className="compare-actions">
        <button type="button" onClick={() => void compareLayers()} disabled={progress !== undefined}>
          Compare layers
        </button>
        <label className="field inline">
          <span>judge by</span>
          <select
            value={checkModeText(mode)}
            onChange={(e) => setMode(MODES.find((m) => checkModeText(m) === e.target.value) ?? MODES[0] ?? mode)}
          >
            {MODES.map((m) => (
              <option key={checkModeText(m)} value={checkModeText(m)}>
                {checkModeText(m)}
              </option>
            ))}
          </select>
        </label>
        {progress && (
          <>
            <span className="progress" aria-busy="true">
              <span className="spinner" aria-hidden="true" />
              {progressText(progress)}
            </span>
            <button type="button" onClick={cancel} aria-label="Cancel layer comparison">
              Cancel
            </button>
          </>
        )}
      </div>
      {error && <p className="compare-error">{error}</p>}
      {run && <LayerResults run={run} />}
    </section>
  );
});

function LayerResults({ run }: { run: LayerRun }) {
  const focusNode = useAppStore((s) => s.focusNode);
  const search = useAppStore((s) => s.snapshot?.view.search);
  const model = useAppStore((s) => s.snapshot?.name ?? 'model');
  const [all, setAll] = useState(false);
  const [copied, setCopied] = useState('');
  const copy = (kind: 'JSON' | 'Markdown') => {
    const text = kind === 'JSON' ? layersJson(model, run) : layersMarkdown(model, run);
    void navigator.clipboard.writeText(text).then(
      () => setCopied(`Layers ${kind} copied`),
      () => setCopied(`Could not copy the layers ${kind}`),
    );
  };
  const idOf = (r: LayerResult) => (search ? producerNodeId(r, run.graphSide, search) : undefined);
  const first = run.firstDivergence;
  const firstId = first && idOf(first);
  const rows = all ? run.compared : run.compared.slice(0, FIRST_ROWS);
  return (
    <div className="layer-results">
      {first ? (
        <p className="headline fail">
          {firstId ? (
            <button
              type="button"
              className="link first-divergence"
              data-testid="first-divergence"
              onClick={() => void focusNode(firstId)}
            >
              {divergenceText(run, run.labels, run.graphSide)}
            </button>
          ) : (
            <span data-testid="first-divergence">{divergenceText(run, run.labels, run.graphSide)}</span>
          )}
        </p>
      ) : (
        <p className="headline pass" data-testid="first-divergence">
          {divergenceText(run, run.labels, run.graphSide)}
        </p>
      )}
      <p className="muted">
        {run.compared.length} values compared ({checkModeText(run.mode)}) in {run.chunks} chunk
        {run.chunks === 1 ? '' : 's'}; {run.onlyOriginal.length} only in {run.labels.reference}, {run.onlyFused.length}{' '}
        only in {run.labels.actual}
        {run.skipped.length > 0 ? `, ${run.skipped.length} skipped` : ''}.
      </p>
      {first && (
        <details open>
          <summary>Statistics of {first.name}</summary>
          <StatsTable name={first.name} stats={first.stats} labels={run.labels} />
        </details>
      )}
      <details>
        <summary>Every compared value, in order</summary>
        <table className="layer-table" aria-label="Compared layers">
          <thead>
            <tr>
              <th scope="col">value</th>
              <th scope="col">node</th>
              <th scope="col">max |diff|</th>
              <th scope="col">÷ tolerance</th>
              <th scope="col">result</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const id = idOf(r);
              return (
                <tr key={r.name} className={`row-${r.stats.verdict}`}>
                  <td className="output-name">{r.name}</td>
                  <td>
                    {id ? (
                      <button type="button" className="link" onClick={() => void focusNode(id)}>
                        {r[run.graphSide].name || r[run.graphSide].opType}
                      </button>
                    ) : (
                      r[run.graphSide].name || r[run.graphSide].opType
                    )}
                  </td>
                  <td className="num">{formatSci(r.stats.absDiff.max)}</td>
                  <td className="num">{formatSci(r.stats.toleranceRatio)}</td>
                  <td className={`result ${r.stats.verdict}`}>{r.stats.verdict}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {!all && run.compared.length > FIRST_ROWS && (
          <button type="button" className="link" onClick={() => setAll(true)}>
            Show all {run.compared.length}
          </button>
        )}
      </details>
      <NameList title={`Only in ${run.labels.reference}`} names={run.onlyOriginal.map((v) => v.name)} />
      <NameList title={`Only in ${run.labels.actual}`} names={run.onlyFused.map((v) => v.name)} />
      <NameList title="Skipped" names={run.skipped.map((s) => `${s.name}: ${s.message}`)} />
      <div className="compare-actions">
        <button type="button" onClick={() => copy('JSON')}>
          Copy layers JSON
        </button>
        <button type="button" onClick={() => copy('Markdown')}>
          Copy layers Markdown
        </button>
        <span className="muted">{copied}</span>
      </div>
    </div>
  );
}

function NameList({ title, names }: { title: string; names: string[] }) {
  if (names.length === 0) return null;
  return (
    <details>
      <summary>
        {title} ({names.length})
      </summary>
      <ul className="name-list">
        {names.slice(0, 500).map((n) => (
          <li key={n}>{n}</li>
        ))}
        {names.length > 500 && <li className="muted">… and {names.length - 500} more</li>}
      </ul>
    </details>
  );
}
