import { memo } from 'react';
import { useAppStore } from '../../store/index.ts';
import { modelKey } from '../../store/layers-slice.ts';
import { HEAT_STOPS, heatColour, LEGEND_TICKS } from './layer-heat.ts';
import './layer-heat.css';

const tickText = (t: number) => (t >= 1 ? String(t) : t.toString());

/** The gradient as CSS: the ticks are evenly spaced in log10, as heatColour interpolates. */
const GRADIENT = `linear-gradient(to right, ${LEGEND_TICKS.map(
  (t, i) => `${heatColour(t)} ${((100 * i) / (LEGEND_TICKS.length - 1)).toFixed(1)}%`,
).join(', ')})`;

/**
 * The key to the graph's colours after "Compare layers", with the toggle that turns them off (and
 * on again). Shown while the layer run is for the model on screen.
 */
export const LayerLegend = memo(function LayerLegend() {
  const run = useAppStore((s) => s.layerRun);
  const current = useAppStore((s) => modelKey(s));
  const on = useAppStore((s) => s.layerColours);
  const setOn = useAppStore((s) => s.setLayerColours);
  if (!run || run.modelKey !== current) return null;
  return (
    <section className="layer-legend" aria-label="Layer error legend" data-testid="layer-legend">
      <strong>Layer error ÷ tolerance</strong>
      {on && (
        <>
          <span className="legend-bar" style={{ background: GRADIENT }} aria-hidden="true" />
          <span className="legend-ticks">
            {LEGEND_TICKS.map((t) => (
              <span key={t}>{t === HEAT_STOPS[2].ratio ? '1 (limit)' : tickText(t)}</span>
            ))}
          </span>
          <span className="muted">
            worst |{run.labels.actual} − {run.labels.reference}| ÷ (atol + rtol·|{run.labels.reference}|) of each node's
            output; above 1 fails.
          </span>
        </>
      )}
      <label>
        <input type="checkbox" checked={on} onChange={(e) => setOn(e.target.checked)} />
        Colour nodes by layer error
      </label>
    </section>
  );
});
