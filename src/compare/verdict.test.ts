import { describe, expect, it } from 'vitest';
import { diffOutputs } from './diff.ts';
import { anyNonFinite, cosineFloor, explainDiff, headline, overallVerdict } from './verdict.ts';

const tol = { atol: 1e-4, rtol: 1e-3 };
const nan = Number.NaN;

/** A seeded wiggle, so that the cases are the same on every run. */
function wiggle(n: number, amplitude: number): number[] {
  return Array.from({ length: n }, (_, i) => amplitude * Math.sin(i * 12.9898 + 78.233));
}

describe('overallVerdict', () => {
  it('fails on any fail, is inconclusive on any inconclusive otherwise, and passes only when all pass', () => {
    expect(overallVerdict(['pass', 'pass'])).toBe('pass');
    expect(overallVerdict(['pass', 'inconclusive'])).toBe('inconclusive');
    expect(overallVerdict(['inconclusive', 'fail', 'pass'])).toBe('fail');
    expect(overallVerdict([])).toBe('inconclusive');
  });
});

describe('headline', () => {
  it('never says the outputs agree when one is inconclusive', () => {
    const outputs = [{ verdict: 'pass' as const }, { verdict: 'inconclusive' as const }];
    const text = headline(overallVerdict(outputs.map((o) => o.verdict)), outputs);
    expect(text).not.toMatch(/agree/);
    expect(text).toBe(
      'Inconclusive: 1 of 2 outputs hold NaN or ±Inf in both models, which proves nothing about the fusion.',
    );
    expect(headline('inconclusive', [{ verdict: 'inconclusive' }])).toMatch(/^Inconclusive: the output holds NaN/);
    expect(headline('pass', [{ verdict: 'pass' }])).toBe('All outputs agree.');
    expect(headline('fail', [{ verdict: 'fail' }])).toBe('Outputs differ beyond tolerance.');
  });
});

describe('explainDiff: NaN and Inf', () => {
  it('says why an all-NaN output is inconclusive', () => {
    const d = diffOutputs([nan, nan, nan], [nan, nan, nan], tol);
    expect(explainDiff(d, tol)).toEqual([
      { kind: 'non-finite', text: 'Every value (3) is NaN or ±Inf in both models, so nothing could be compared.' },
    ]);
    expect(anyNonFinite([d])).toBe(true);
  });

  it('says how much could not be compared when only part is NaN', () => {
    const d = diffOutputs([nan, 1, 2, 3], [nan, 1, 2, 3], tol);
    expect(d.verdict).toBe('inconclusive');
    expect(explainDiff(d, tol)[0]?.text).toBe(
      '1 of 4 values are NaN or ±Inf in both models and cannot be compared; the other 3 are within tolerance.',
    );
  });

  it('says where the models disagree on NaN', () => {
    const d = diffOutputs([nan, 1], [1, 1], tol);
    expect(explainDiff(d, tol)[0]?.text).toMatch(/^1 of 2 values are NaN or ±Inf in one model but not the same/);
  });
});

describe('explainDiff: values near zero', () => {
  it('cosineFloor is the lowest cosine rtol alone allows', () => {
    expect(cosineFloor(1e-3)).toBeCloseTo(Math.sqrt(1 - 1e-6), 15);
    expect(cosineFloor(0)).toBe(1);
    // A vector off by rtol·|r| in every element, orthogonally, sits exactly at the floor.
    const r = [1, 0];
    const a = [1, 1e-3];
    const d = diffOutputs(r, a, { atol: 0, rtol: 1e-3 });
    expect(d.cosine).toBeCloseTo(cosineFloor(1e-3), 12);
  });

  it('explains a passing output whose max rel and cosine are dominated by values near zero', () => {
    // A probability map that is almost all background (like PaddleOCR det at 64×64): values of
    // 1e-5 with differences of 5e-5, all within atol.
    const reference = wiggle(1000, 1e-5);
    const actual = reference.map((v, i) => v + 5e-5 * Math.cos(i));
    const d = diffOutputs(reference, actual, tol);
    expect(d.verdict).toBe('pass');
    expect(d.maxRel).toBeGreaterThan(1);
    expect(d.cosine).toBeLessThan(0.9);
    const notes = explainDiff(d, tol);
    expect(notes).toHaveLength(1);
    expect(notes[0]?.kind).toBe('near-zero');
    expect(notes[0]?.text).toMatch(
      /^The max rel \d\.\d\de[+-]\d+ and cosine [\d.]+ come from values near zero: 100% of the original's values are within ±0\.1 \(atol ÷ rtol\), where the absolute tolerance 0\.0001 decides\. Every compared value is within tolerance\.$/,
    );
  });

  it('names only the figure that looks alarming', () => {
    // Mostly large values (cosine stays at 1), one tiny value off by 5e-5: only max rel is high.
    const reference = [...wiggle(100, 10).map((v) => v + 20), 1e-6];
    const actual = [...reference.slice(0, 100), 1e-6 + 5e-5];
    const d = diffOutputs(reference, actual, tol);
    expect(d.cosine).toBeGreaterThanOrEqual(cosineFloor(tol.rtol));
    const [note] = explainDiff(d, tol);
    expect(note?.text).toMatch(
      /^The max rel 5\.00e\+1 comes from values near zero: under 1% of the original's values are within ±0\.1 /,
    );
  });

  it('says nothing for an ordinary pass, and nothing near-zero for a fail', () => {
    const reference = wiggle(500, 3);
    const close = reference.map((v) => v * (1 + 1e-6));
    expect(explainDiff(diffOutputs(reference, close, tol), tol)).toEqual([]);
    const far = reference.map((v) => v + 0.5);
    const failed = diffOutputs(reference, far, tol);
    expect(failed.verdict).toBe('fail');
    expect(explainDiff(failed, tol)).toEqual([]);
  });

  it('with rtol 0, says atol decides every value', () => {
    const t = { atol: 1e-3, rtol: 0 };
    const d = diffOutputs([1, 2], [1.0005, 2], t);
    expect(explainDiff(d, t)[0]?.text).toMatch(/with rtol 0, the absolute tolerance 0\.001 decides every value/);
  });
});
