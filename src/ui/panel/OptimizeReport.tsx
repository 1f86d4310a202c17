import { memo } from 'react';
import { useAppStore } from '../../store/index.ts';
import type { LeftCandidate, ModelFigures, OptimizeSummary } from '../../store/types.ts';
import { formatBytes, formatCount } from '../format.ts';
import '../optimize.css';

/** "-3", "+2", "0": a change in a count, as the table shows it (never "-0"). */
function change(n: number): string {
  if (n === 0) return '0';
  return n > 0 ? `+${formatCount(n)}` : formatCount(n);
}

const FIGURES: { label: string; of: (f: ModelFigures) => number; text: (n: number) => string }[] = [
  { label: 'Nodes', of: (f) => f.nodes, text: formatCount },
  { label: 'Nodes in all graphs', of: (f) => f.totalNodes, text: formatCount },
  { label: 'Parameters', of: (f) => f.parameters, text: formatCount },
  { label: 'Model file', of: (f) => f.bytes, text: formatBytes },
];

/**
 * What the current optimize step did: the model's figures before and after, what each pass
 * applied, and what the optimizer left as it was, with its reasons, grouped by pass. Shown while
 * the current step is an optimize step (undo hides it, redo brings it back).
 */
export const OptimizeReport = memo(function OptimizeReport() {
  const summary = useAppStore((s) => s.snapshot?.optimized);
  if (!summary) return null;
  const { before, after } = summary;
  return (
    <section aria-label="Optimize summary" className="panel-section optimize-report">
      <h3>Optimized</h3>
      <p className="optimize-headline">
        {formatCount(before.nodes)} → {formatCount(after.nodes)} nodes · {formatBytes(before.bytes)} →{' '}
        {formatBytes(after.bytes)}
      </p>
      <table aria-label="Before and after" className="optimize-table">
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col">Before</th>
            <th scope="col">After</th>
          </tr>
        </thead>
        <tbody>
          {FIGURES.map((f) => (
            <tr key={f.label}>
              <th scope="row">{f.label}</th>
              <td className="num">{f.text(f.of(before))}</td>
              <td className="num">{f.text(f.of(after))}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <PassTable summary={summary} />
      <LeftList left={summary.left} />
    </section>
  );
});

function PassTable({ summary }: { summary: OptimizeSummary }) {
  return (
    <>
      <p className="muted">
        {summary.rounds} {summary.rounds === 1 ? 'round' : 'rounds'}
        {summary.hitRoundLimit ? ', stopped by the round limit before a fixed point' : ' to a fixed point'}
      </p>
      <table aria-label="Passes" className="optimize-table">
        <thead>
          <tr>
            <th scope="col">Pass</th>
            <th scope="col">Applied</th>
            <th scope="col">Nodes</th>
          </tr>
        </thead>
        <tbody>
          {summary.passes.map((p) => (
            <tr key={p.pass} className={p.applied === 0 ? 'muted' : undefined} title={p.title}>
              <th scope="row">{p.pass}</th>
              <td className="num">{formatCount(p.applied)}</td>
              <td className="num">{change(-p.nodesRemoved)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** The optimizer's candidates left in the model, grouped by pass with counts. */
function LeftList({ left }: { left: readonly LeftCandidate[] }) {
  if (left.length === 0) return <p className="muted">The optimizer left nothing it could not apply.</p>;
  const byPass = new Map<string, LeftCandidate[]>();
  for (const c of left) byPass.set(c.pass, [...(byPass.get(c.pass) ?? []), c]);
  return (
    <>
      <h4>Left as they were ({formatCount(left.length)})</h4>
      {[...byPass].map(([pass, rows]) => (
        <details key={pass} className="optimize-left">
          <summary>
            {pass} ({formatCount(rows.length)})
          </summary>
          <ul>
            {rows.map((c) => (
              <li key={c.id} title={c.id}>
                <span className="optimize-node">
                  {c.op} {c.node}
                </span>
                : {c.action} — <strong>{c.reason}</strong> {c.message}
              </li>
            ))}
          </ul>
        </details>
      ))}
    </>
  );
}
