/**
 * The longest of `make(1)` … `make(full)` whose width, as `measure` sees it, fits in `width`
 * (`make(1)` when none does). `make(n)` must not get wider as `n` gets smaller, as a text
 * shortened to `n` characters does; a binary search then needs a handful of measurements.
 */
export function fitText(
  make: (max: number) => string,
  full: number,
  width: number,
  measure: (text: string) => number,
): string {
  const whole = make(full);
  if (measure(whole) <= width) return whole;
  let best = make(1);
  let low = 2;
  let high = full - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const text = make(mid);
    if (measure(text) <= width) {
      best = text;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return best;
}
