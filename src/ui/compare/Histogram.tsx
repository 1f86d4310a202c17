const BIN_LABELS = ['0', '≤1e-9', '≤1e-8', '≤1e-7', '≤1e-6', '≤1e-5', '≤1e-4', '≤1e-3', '≤1e-2', '≤0.1', '≤1', '>1'];

/** A tiny histogram of |difference|, log-scaled bins; bins above 1e-4 in the warning colour. */
export function Histogram({ counts }: { counts: number[] }) {
  const max = Math.max(...counts, 1);
  return (
    <svg
      width={counts.length * 7}
      height={18}
      role="img"
      aria-label="Histogram of absolute differences"
      className="histogram"
    >
      <title>{counts.map((c, i) => `${BIN_LABELS[i] ?? ''}: ${c}`).join(', ')}</title>
      {counts.map((c, i) => (
        <rect
          key={BIN_LABELS[i] ?? i}
          x={i * 7}
          y={18 - (c / max) * 18}
          width={6}
          height={(c / max) * 18}
          fill={i >= 7 ? '#c4720a' : '#1a7f5a'}
        />
      ))}
    </svg>
  );
}
