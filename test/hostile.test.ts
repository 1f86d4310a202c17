import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { randomlyRewired, selfLoop, unknownOps } from '../src/fixtures/hostile-graphs.ts';
import { HOSTILE_CASES } from '../src/fixtures/hostile-models.ts';
import { manyInputs } from '../src/fixtures/hostile-wire.ts';
import { buildConvBn } from '../src/fixtures/models.ts';
import { decodeModel, encodeModel, indexGraph, topologicalOrder } from '../src/onnx/index.ts';
import { type Drive, driveWorker, openSample } from './helpers/drive-worker.ts';
import { mutate, mutation } from './helpers/mutations.ts';
import { Tally } from './helpers/tally.ts';

const SEED = 20261126;
const REWIRED_RUNS = 5000;
const MUTATED_RUNS = 4000;

const sample = openSample();
const total = new Tally();
afterAll(() => total.print(`hostile models, all cases (seed ${SEED})`));

function run(label: string, bytes: Uint8Array): Drive {
  const drive = driveWorker(bytes, sample, `${label}.onnx`);
  total.record(label, drive);
  return drive;
}

describe('hostile models built on purpose (worker handlers)', () => {
  it.each(HOSTILE_CASES.map((c) => [c.name, c] as const))('%s', (name, c) => {
    const drive = run(name, c.bytes());
    expect(drive.failure).toBeUndefined();
    expect(c.expect).toContain(drive.outcome);
  });

  it('names the rule a cycle breaks and the node on it, in a sentence', () => {
    const cycle = run(
      'conv-bn cycle',
      HOSTILE_CASES.find((c) => c.name === 'cycle-conv-bn')?.bytes() ?? new Uint8Array(),
    );
    expect(cycle.outcome).toBe('GRAPH_CYCLE');
    const loop = driveWorker(encodeModel(selfLoop()), sample);
    expect(loop.outcome).toBe('GRAPH_CYCLE');
    // The index itself reports a self loop as cyclic: a node waiting on itself is never ready.
    const order = topologicalOrder(indexGraph(selfLoop().graph ?? {}));
    expect(order.cyclic).toHaveLength(1);
  });

  it('fuses next to unknown ops and domains, and the download re-opens with them kept', () => {
    const drive = run('unknown ops', encodeModel(unknownOps()));
    expect(drive.outcome).toBe('model');
    expect(drive.loaded?.counts).toEqual({ fusible: 1, blocked: 0, fused: 0 });
    expect(drive.fused?.counts).toEqual({ fusible: 0, blocked: 0, fused: 1 });
    expect(drive.fused?.summary.opHistogram).toMatchObject({ NoSuchOp: 1, 'com.hostile.ops::Frobnicate': 1 });
  });

  it('a conv in an unknown domain is not taken for ONNX Conv', () => {
    const c = HOSTILE_CASES.find((x) => x.name === 'unknown-domain-conv');
    const drive = run('unknown domain', c?.bytes() ?? new Uint8Array());
    expect(drive.loaded?.candidates).toEqual([]);
  });

  it('a weight holding more values than its dims is blocked as damaged, not offered and then failed', () => {
    // Found by the fuzz suite: the pair was offered as fusible and "Fuse all" then failed.
    const model = buildConvBn({ weights: 'constant', storage: 'typed' });
    const weight = model.graph?.node?.find((n) => n.output?.[0] === 'conv.weight')?.attribute?.[0]?.t;
    weight?.floatData?.push(0.5);
    const drive = run('long weight', encodeModel(model));
    expect(drive.failure).toBeUndefined();
    expect(drive.loaded?.candidates.map((c) => c.blocked?.reason)).toEqual(['DAMAGED_WEIGHTS']);
    expect(drive.loaded?.candidates[0]?.blocked?.message).toMatch(/holds 145 values .* need 144\..*damaged/);
  });

  it('draws one edge for a value read a million times', () => {
    const drive = run('million inputs', manyInputs(1_000_000, 'same'));
    expect(drive.outcome).toBe('model');
    expect(drive.loaded?.view.edges.filter((e) => e.value === 'x')).toHaveLength(1);
  });

  it('a rejected cycle or dangling read is never fused into a model that re-opens broken', () => {
    // Every rewired model that opens and fuses is checked by driveWorker: its download decodes
    // and passes the graph rules. Here: those that break a rule are refused, not fused.
    const refused = new Map<string, number>();
    for (let seed = 1; seed <= 60; seed++) {
      const drive = run(`rewired ${seed}`, encodeModel(randomlyRewired(seed, 3)));
      expect(drive.failure).toBeUndefined();
      refused.set(drive.outcome, (refused.get(drive.outcome) ?? 0) + 1);
    }
    for (const code of ['GRAPH_CYCLE', 'DANGLING_INPUT', 'DUPLICATE_OUTPUT'])
      expect(refused.get(code)).toBeGreaterThan(0);
    expect(refused.get('model')).toBeGreaterThan(0);
  });
});

describe(`hostile models combined with byte mutations (fast-check, seed ${SEED})`, () => {
  it(`randomly rewired graphs, then damaged bytes: ${REWIRED_RUNS} cases`, () => {
    const tally = new Tally();
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 1, max: 6 }),
        fc.array(mutation, { minLength: 0, maxLength: 2 }),
        (seed, edits, mutations) => {
          const bytes = mutate(encodeModel(randomlyRewired(seed, edits)), mutations);
          const drive = run(`rewired ${seed}/${edits}`, bytes);
          const problem = tally.record(`rewired ${seed}/${edits}`, drive);
          if (problem) throw new Error(problem);
        },
      ),
      { seed: SEED, numRuns: REWIRED_RUNS },
    );
    tally.print(`rewired + mutated (seed ${SEED})`);
    expect({ cases: tally.cases, crashes: tally.crashes, hangs: tally.hangs }).toEqual({
      cases: REWIRED_RUNS,
      crashes: 0,
      hangs: 0,
    });
    for (const code of ['GRAPH_CYCLE', 'DANGLING_INPUT', 'DUPLICATE_OUTPUT', 'INVALID_NODE']) {
      expect(tally.codes.get(code) ?? 0).toBeGreaterThan(10);
    }
    expect(tally.rejected()).toBeGreaterThan(REWIRED_RUNS / 3);
    expect(tally.codes.get('model') ?? 0).toBeGreaterThan(50);
  }, 180_000);

  it(`the small hostile cases with damaged bytes: ${MUTATED_RUNS} cases`, () => {
    const small = HOSTILE_CASES.filter((c) => !c.large).map((c) => ({ name: c.name, bytes: c.bytes() }));
    const tally = new Tally();
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: small.length - 1 }),
        fc.noBias(fc.array(mutation, { minLength: 1, maxLength: 3 })),
        (which, mutations) => {
          const c = small[which] as (typeof small)[number];
          const problem = tally.record(c.name, run(c.name, mutate(c.bytes, mutations)));
          if (problem) throw new Error(problem);
        },
      ),
      { seed: SEED, numRuns: MUTATED_RUNS },
    );
    tally.print(`hostile + mutated (seed ${SEED})`);
    expect({ cases: tally.cases, crashes: tally.crashes, hangs: tally.hangs }).toEqual({
      cases: MUTATED_RUNS,
      crashes: 0,
      hangs: 0,
    });
    expect(tally.rejected()).toBeGreaterThan(MUTATED_RUNS / 2);
  }, 180_000);
});

describe('the hostile table means what it says', () => {
  it('every case that must open decodes; every structural refusal is a valid protobuf model', () => {
    for (const c of HOSTILE_CASES.filter((x) => !x.large)) {
      const structural = c.expect.some((code) => /CYCLE|DANGLING|DUPLICATE|INVALID_NODE/.test(code));
      if (c.expect.includes('model') || structural) expect(() => decodeModel(c.bytes()), c.name).not.toThrow();
    }
  });
});
