import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { formatSci } from '../../compare/format.ts';
import { type HeatChannel, heatMap } from '../../compare/heatmap.ts';

/** Black → red → yellow → white: a ramp that reads in greyscale too. */
function ramp(t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, t));
  return [Math.min(255, 765 * x), Math.max(0, Math.min(255, 765 * x - 255)), Math.max(0, 765 * x - 510)];
}

/** The ramp as a CSS gradient for the scale under the map. */
const SCALE = `linear-gradient(to right, ${[0, 0.25, 0.5, 0.75, 1]
  .map((t) => `rgb(${ramp(t).map(Math.round).join(', ')}) ${t * 100}%`)
  .join(', ')})`;

/**
 * The absolute error of a 4-D (NCHW) output as a picture: one channel or all summed, one batch
 * item, with a scale from 0 to the largest error. Pixels are drawn at least 4 screen pixels wide
 * for small maps, without smoothing.
 */
export const HeatMap = memo(function HeatMap({
  name,
  dims,
  reference,
  actual,
}: {
  name: string;
  dims: readonly number[];
  reference: ArrayLike<number>;
  actual: ArrayLike<number>;
}) {
  const [channel, setChannel] = useState<HeatChannel>('sum');
  const [batch, setBatch] = useState(0);
  const canvas = useRef<HTMLCanvasElement>(null);
  const map = useMemo(
    () => heatMap(reference, actual, dims, { batch, channel }),
    [reference, actual, dims, batch, channel],
  );
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    const image = context.createImageData(map.width, map.height);
    for (let p = 0; p < map.values.length; p++) {
      const [r, g, b] = ramp(map.max > 0 ? (map.values[p] as number) / map.max : 0);
      image.data.set([r, g, b, 255], p * 4);
    }
    context.putImageData(image, 0, 0);
  }, [map]);
  const channels = dims[1] ?? 1;
  const batches = dims[0] ?? 1;
  const scale = Math.max(1, Math.min(8, Math.floor(240 / Math.max(map.width, map.height))));
  return (
    <figure className="heat-map" data-testid="heat-map">
      <div className="heat-controls">
        <label className="field">
          <span>channel</span>
          <select
            value={String(channel)}
            onChange={(e) => setChannel(e.target.value === 'sum' ? 'sum' : Number(e.target.value))}
          >
            <option value="sum">all, summed</option>
            {[...Array(Math.min(channels, 1024)).keys()].map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        {batches > 1 && (
          <label className="field">
            <span>batch</span>
            <input
              type="number"
              min={0}
              max={batches - 1}
              value={batch}
              onChange={(e) => setBatch(Math.min(batches - 1, Math.max(0, Math.floor(Number(e.target.value) || 0))))}
            />
          </label>
        )}
      </div>
      <canvas
        ref={canvas}
        width={map.width}
        height={map.height}
        style={{ width: map.width * scale, height: map.height * scale }}
        role="img"
        aria-label={`Absolute error of ${name}, ${channel === 'sum' ? 'all channels summed' : `channel ${channel}`}: largest ${formatSci(map.max)}`}
      />
      <figcaption>
        <span className="heat-scale" aria-hidden="true" style={{ background: SCALE }} />
        <span className="num">0</span> … <span className="num">{formatSci(map.max)}</span> |difference|
        {map.nonFinite > 0 ? ` (${map.nonFinite} NaN/Inf pixels drawn at the top)` : ''}
      </figcaption>
    </figure>
  );
});
