/** Byte counts for people: "534.7 KB", "10.8 MB" (decimal units, as file managers show them). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/** Differences in scientific notation, "2.40e-7"; NaN and ±Infinity by name. */
export function formatSci(value: number): string {
  return Number.isFinite(value) ? value.toExponential(2) : String(value);
}

/**
 * What the latency ratio fused/original (of medians) means: "1.40× slower" when the fused model
 * took longer, "1.43× faster" (original/fused) when it took less, "about as fast" when the
 * factor rounds to 1.00, "not measured" without a ratio.
 */
export function formatSpeedRatio(ratio: number): string {
  if (!Number.isFinite(ratio) || ratio <= 0) return 'not measured';
  const factor = (ratio >= 1 ? ratio : 1 / ratio).toFixed(2);
  if (factor === '1.00') return 'about as fast';
  return `${factor}× ${ratio > 1 ? 'slower' : 'faster'}`;
}
