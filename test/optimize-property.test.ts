import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildRandomChain, type RandomStep } from '../src/fixtures/optimize-random.ts';
import { encodeModel, listGraphs } from '../src/onnx/index.ts';
import { optimize } from '../src/optimize/index.ts';
import { checkStructure } from './helpers/judge.ts';
import { bitIdentical, randomFeeds, runModel } from './helpers/ort.ts';

const SEED = 20260514;

const permutation = fc.constantFrom([0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]);
/** Rank-3 shapes of 24 elements, so a Transpose (rank 3) may follow any Reshape. */
const shape24 = fc.constantFrom([2, 3, 4], [4, 3, 2], [1, 6, 4], [2, 12, 1], [24, 1, 1], [3, 2, 4]);

const step: fc.Arbitrary<RandomStep> = fc.oneof(
  fc.constantFrom<RandomStep>(
    { op: 'Identity' },
    { op: 'Cast' },
    { op: 'Dropout' },
    { op: 'Pad' },
    { op: 'Concat' },
    { op: 'SameReshape' },
    { op: 'Relu' },
    { op: 'UnsqueezeSqueeze' },
    { op: 'Expand' },
  ),
  permutation.map((perm): RandomStep => ({ op: 'Transpose', perm })),
  permutation.map((perm): RandomStep => ({ op: 'Transpose', perm })),
  shape24.map((shape): RandomStep => ({ op: 'Reshape', shape })),
  shape24.map((shape): RandomStep => ({ op: 'FlattenReshape', shape })),
  shape24.map((shape): RandomStep => ({ op: 'SqueezeAllReshape', shape })),
);

const chain = fc.record({
  steps: fc.array(fc.record({ step, output: fc.integer({ min: 0, max: 6 }).map((k) => k === 0) }), {
    minLength: 1,
    maxLength: 8,
  }),
  // Without value_info the passes know intermediate shapes from inference alone.
  statedShapes: fc.boolean(),
});

function nodeCount(model: ReturnType<typeof buildRandomChain>): number {
  return listGraphs(model).reduce((n, { graph }) => n + (graph.node?.length ?? 0), 0);
}

describe(`optimize property test (seed ${SEED})`, () => {
  it('random chains of no-ops, Transposes and Reshapes, shapes stated or inferred: outputs agree bit for bit, names kept', async () => {
    let removed = 0;
    await fc.assert(
      fc.asyncProperty(chain, async (c) => {
        const model = buildRandomChain(c);
        const result = optimize(model);
        expect(checkStructure(result.model)).toEqual([]);
        expect(result.record.hitRoundLimit).toBe(false);
        // Same graph inputs and outputs, by name and order.
        const io = (m: typeof model) => [m.graph?.input, m.graph?.output].map((l) => (l ?? []).map((v) => v.name));
        expect(io(result.model)).toEqual(io(model));
        const before = encodeModel(model);
        const feeds = randomFeeds(before, 3);
        const [a, b] = await Promise.all([runModel(before, feeds), runModel(encodeModel(result.model), feeds)]);
        expect(bitIdentical(a, b)).toBe(true);
        removed += nodeCount(model) - nodeCount(result.model);
      }),
      { seed: SEED, numRuns: 120 },
    );
    // The generator must give the passes work, or the property proves nothing.
    expect(removed).toBeGreaterThan(120);
  }, 120_000);
});
