import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultTolerance } from '../src/compare/diff.ts';
import { buildConvBn } from '../src/fixtures/models.ts';
import { applyAll } from '../src/fusion/index.ts';
import { judge } from './helpers/judge.ts';

/** Random Conv/ConvTranspose → BN configurations: every one must fuse and agree under onnxruntime-node. */
const config = fc
  .record({
    transpose: fc.boolean(),
    groups: fc.integer({ min: 1, max: 4 }),
    inPerGroup: fc.integer({ min: 1, max: 3 }),
    outPerGroup: fc.integer({ min: 1, max: 3 }),
    spatialDims: fc.constantFrom(1 as const, 2 as const, 3 as const),
    kernel: fc.constantFrom(1, 3),
    bias: fc.boolean(),
    dtype: fc.constantFrom('float32' as const, 'float16' as const),
    seed: fc.integer({ min: 1, max: 1_000_000 }),
  })
  .map((c) => ({
    ...c,
    inChannels: c.groups * c.inPerGroup,
    outChannels: c.groups * c.outPerGroup,
    spatialSize: c.spatialDims === 3 ? 4 : 6,
  }));

describe('fusion property test', () => {
  it('any grouped Conv or ConvTranspose → BN fuses to the same outputs', async () => {
    await fc.assert(
      fc.asyncProperty(config, async (c) => {
        const model = buildConvBn(c);
        const { model: fused, record } = applyAll(model);
        expect(record.applied).toHaveLength(1);
        const diffs = await judge(model, fused, defaultTolerance(c.dtype), c.seed);
        for (const diff of Object.values(diffs)) expect(diff.pass).toBe(true);
      }),
      { seed: 424242, numRuns: 60 },
    );
  }, 120_000);
});
