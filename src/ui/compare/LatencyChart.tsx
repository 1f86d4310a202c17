import { memo } from 'react';
import type { LatencyStats } from '../../store/index.ts';

/** Box-and-whisker bars of the two models' latencies: min–max whiskers, p90 box edge, median line. */
export const LatencyChart = memo(function LatencyChart({
  original,
  fused,
}: {
  original: LatencyStats;
  fused: LatencyStats;
}) {
  const max = Math.max(original.max, fused.max, 1e-9);
  const width = 300;
  const x = (v: number) => 70 + (v / max) * (width - 80);
  const row = (label: string, s: LatencyStats, y: number, colour: string) => (
    <g key={label}>
      <text x={0} y={y + 11} fontSize={11}>
        {label}
      </text>
      <line x1={x(s.min)} x2={x(s.max)} y1={y + 7} y2={y + 7} stroke="#888" />
      <rect x={x(s.min)} y={y} width={Math.max(1, x(s.p90) - x(s.min))} height={14} fill={colour} opacity={0.35} />
      <line x1={x(s.median)} x2={x(s.median)} y1={y - 2} y2={y + 16} stroke={colour} strokeWidth={2} />
    </g>
  );
  return (
    <svg
      width={width}
      height={56}
      role="img"
      aria-label={`Latency: original median ${original.median.toFixed(2)} ms, fused median ${fused.median.toFixed(2)} ms`}
    >
      <title>Latency of the two models</title>
      {row('original', original, 6, '#6b6b76')}
      {row('fused', fused, 32, '#1a7f5a')}
    </svg>
  );
});
