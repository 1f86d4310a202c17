import { describe, expect, it } from 'vitest';
import { judgePairs, type OutputPairValues } from './judge.ts';

const pair = (name: string, type: string, reference: number[], actual: number[]): OutputPairValues => ({
  name,
  actualName: name,
  matchedBy: 'name',
  type,
  dims: [reference.length],
  reference,
  actual,
});

describe('judgePairs with Polygraphy-style options', () => {
  // |a − r| = 0, 0, 0, 1: the max fails atol 0.1, the median (0) passes.
  const y = pair('y', 'float32', [1, 2, 3, 4], [1, 2, 3, 5]);
  const ids = pair('ids', 'int64', [1, 2], [1, 3]);
  const chosen = { atol: 0.1, rtol: 0 };

  it('elementwise by default: y fails, and its statistics come with it', () => {
    const [out] = judgePairs([y], chosen);
    expect(out?.verdict).toBe('fail');
    expect(out?.stats?.absDiff.max).toBe(1);
  });

  it('a mode for all outputs decides the verdict by that statistic', () => {
    expect(judgePairs([y], chosen, { mode: { kind: 'median' } })[0]?.verdict).toBe('pass');
    expect(judgePairs([y], chosen, { mode: { kind: 'max' } })[0]?.verdict).toBe('fail');
    expect(judgePairs([y], chosen, { mode: { kind: 'quantile', q: 0.5 } })[0]?.verdict).toBe('pass');
  });

  it('per output tolerances and modes win over the rest; a float atol for all leaves integers exact', () => {
    const [loose, exact] = judgePairs([y, ids], chosen, { tolerance: { atol: 5 }, perOutput: {} });
    expect(loose?.verdict).toBe('pass');
    expect(exact?.tolerance).toEqual({ atol: 0, rtol: 0 });
    expect(exact?.verdict).toBe('fail');
    const [own] = judgePairs([y], chosen, { tolerance: { atol: 5 }, perOutput: { y: { atol: 0.5 } } });
    expect(own?.tolerance).toEqual({ atol: 0.5, rtol: 0 });
    expect(own?.verdict).toBe('fail');
    const [byMedian] = judgePairs([y], chosen, {
      mode: { kind: 'max' },
      perOutput: { y: { mode: { kind: 'median' } } },
    });
    expect(byMedian?.verdict).toBe('pass');
  });
});
