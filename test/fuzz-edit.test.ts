import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEdit, type EditOp, formatRecipe, parseRecipe } from '../src/edit/index.ts';
import { buildEditableClassifier } from '../src/fixtures/edit-models.ts';
import { buildIfConvBn } from '../src/fixtures/fusion-models.ts';
import { buildIr3Initializers } from '../src/fixtures/optimize-models.ts';
import { checkGraphs, DataType, decodeModel, encodeModel, isOnnxError, listGraphs } from '../src/onnx/index.ts';
import { encodeNpy } from '../src/onnx/npy.ts';
import type { ModelProto } from '../src/onnx/types.ts';
import { mutate, mutation } from './helpers/mutations.ts';

const SEED = 20261129;
/** Far above any edit of these small models; a hang or a runaway allocation blows through it. */
const CASE_LIMIT_MS = 2000;

/**
 * Edits from outside (recipe files, worker messages) are untrusted. Whatever they hold, an edit
 * ends in a model that passes the graph rules and survives encode/decode, or in an OnnxError
 * with a code: never another exception, never a hang, and the model it was given unchanged.
 */
function namesOf(model: ModelProto): string[] {
  const names = new Set<string>();
  for (const { graph } of listGraphs(model)) {
    for (const v of [...(graph.input ?? []), ...(graph.output ?? []), ...(graph.initializer ?? [])])
      names.add(v.name ?? '');
    for (const n of graph.node ?? []) {
      names.add(n.name ?? '');
      for (const o of [...(n.input ?? []), ...(n.output ?? [])]) names.add(o);
      for (const a of n.attribute ?? []) names.add(a.name ?? '');
    }
  }
  return [...names];
}

function opArbitrary(model: ModelProto): fc.Arbitrary<unknown> {
  // Mostly names the model has, so edits get past the lookups and reach the rewrites.
  const name = fc.oneof(
    { arbitrary: fc.constantFrom(...namesOf(model)), weight: 8 },
    { arbitrary: fc.constantFrom('#0', '#1', '#-1', '#99999999', '#1e3', '', '..', 'a/../../b.npy'), weight: 1 },
    { arbitrary: fc.string({ maxLength: 12 }), weight: 1 },
  );
  const names = fc.array(name, { maxLength: 4 });
  const dim = fc.oneof(
    fc.integer({ min: -3, max: 16 }),
    fc.constantFrom('N', '', ' x', 2 ** 53, 2 ** 40, 1.5),
    fc.string({ maxLength: 4 }),
  );
  const tensor = fc.record({
    dtype: fc.constantFrom('float32', 'float16', 'int64', 'int8', 'uint64', 'bool', 'bfloat16', 'string'),
    dims: fc.array(fc.oneof(fc.integer({ min: -1, max: 4 }), fc.constant(2 ** 40)), { maxLength: 4 }),
    values: fc.array(fc.oneof(fc.double(), fc.integer()), { maxLength: 24 }),
  });
  const value = fc.oneof(
    fc.integer(),
    fc.double(),
    fc.string({ maxLength: 8 }),
    fc.array(fc.integer(), { maxLength: 6 }),
    fc.array(fc.double(), { maxLength: 6 }),
    fc.array(fc.string({ maxLength: 4 }), { maxLength: 4 }),
    tensor,
    fc.constant(null),
  );
  const type = fc.constantFrom('int', 'float', 'string', 'ints', 'floats', 'strings', 'tensor', 'graph', undefined);
  const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
  return fc.oneof(
    fc.record({ op: fc.constant('fuse'), ids: names }),
    fc.record({ op: fc.constant('fuse-all') }),
    fc.record(
      { op: fc.constant('optimize'), passes: optional(fc.array(fc.constantFrom('no-ops', 'dead-code', 'x'))) },
      { requiredKeys: ['op'] },
    ),
    fc.record({ op: fc.constant('set-input-shape'), input: name, dims: fc.array(dim, { maxLength: 6 }) }),
    fc.record({ op: fc.constant('rename'), value: name, to: name }),
    fc.record(
      { op: fc.constant('delete-node'), node: name, downstream: optional(fc.boolean()) },
      { requiredKeys: ['op', 'node'] },
    ),
    fc.record({ op: fc.constant('add-output'), value: name }),
    fc.record({ op: fc.constant('remove-output'), value: name }),
    fc.record(
      { op: fc.constant('set-attribute'), node: name, name, value, type },
      { requiredKeys: ['op', 'node', 'name', 'value'] },
    ),
    fc.record(
      {
        op: fc.constant('set-initializer'),
        name,
        npy: fc.constantFrom('a.npy', 'b.npy', 'missing.npy'),
        reshape: optional(fc.boolean()),
      },
      { requiredKeys: ['op', 'name', 'npy'] },
    ),
    fc.record({ op: fc.constant('extract'), inputs: names, outputs: names }),
    // Garbage a file or a message could hold.
    fc.anything({ maxDepth: 2 }),
  );
}

/** .npy files for set-initializer: a good one, and one mutated at random (hostile headers included). */
function npyFiles(mutations: Parameters<typeof mutate>[1]): Map<string, Uint8Array> {
  const good = encodeNpy({ dataType: DataType.FLOAT, dims: [4], data: new Uint8Array(16) });
  return new Map([
    ['a.npy', good],
    ['b.npy', mutate(good, mutations)],
  ]);
}

const hash = (model: ModelProto) => createHash('sha256').update(encodeModel(model)).digest('hex');

describe(`hostile edit ops (property test, seed ${SEED})`, () => {
  const models: [string, () => ModelProto, number][] = [
    ['editable classifier', buildEditableClassifier, 600],
    ['If with a Conv/BN body', () => buildIfConvBn(), 300],
    ['IR 3 initializers as inputs', buildIr3Initializers, 300],
  ];

  it.each(models)(
    '%s: every op sequence ends in a valid model or a typed refusal, promptly',
    (_name, build, runs) => {
      const model = build();
      const before = hash(model);
      const outcomes = new Map<string, number>();
      fc.assert(
        fc.property(
          fc.array(opArbitrary(model), { minLength: 1, maxLength: 4 }),
          fc.array(mutation, { minLength: 1, maxLength: 2 }),
          (ops, mutations) => {
            const files = npyFiles(mutations);
            let current = model;
            for (const op of ops) {
              const started = performance.now();
              let outcome = 'applied';
              try {
                current = applyEdit(current, new Map(), op as EditOp, { files }).model;
                checkGraphs(decodeModel(encodeModel(current)));
              } catch (error) {
                if (!isOnnxError(error)) throw error;
                outcome = error.code;
              }
              const elapsed = performance.now() - started;
              if (elapsed > CASE_LIMIT_MS) throw new Error(`${JSON.stringify(op)} took ${elapsed.toFixed(0)} ms`);
              outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
            }
          },
        ),
        { seed: SEED, numRuns: runs },
      );
      expect(hash(model)).toBe(before);
      // Both ends must be reached, or the property proves little: some edits apply, most are refused.
      expect(outcomes.get('applied') ?? 0).toBeGreaterThan(runs / 20);
      expect([...outcomes.keys()].filter((k) => k !== 'applied').length).toBeGreaterThan(4);
    },
    180_000,
  );
});

describe(`hostile recipes (property test, seed ${SEED})`, () => {
  const valid = formatRecipe([
    { op: 'set-input-shape', input: 'image', dims: ['N', 3, 8, 8] },
    { op: 'rename', value: 'image', to: 'pixels' },
    { op: 'set-initializer', name: 'stem.bias', npy: 'w/b.npy', reshape: true },
    {
      op: 'set-attribute',
      node: 'act',
      name: 'alpha',
      value: { dtype: 'float32', dims: [1], values: [0.5] },
      type: 'tensor',
    },
    { op: 'extract', inputs: ['act_out'], outputs: ['features'] },
  ]);
  const bytes = new TextEncoder().encode(valid);

  const parses = (text: string): string => {
    const started = performance.now();
    let outcome = 'recipe';
    try {
      const recipe = parseRecipe(text);
      expect(recipe.bnfold).toBe(1);
    } catch (error) {
      if (!isOnnxError(error)) throw error;
      expect(error.code).toBe('RECIPE_INVALID');
      outcome = 'refused';
    }
    if (performance.now() - started > CASE_LIMIT_MS) throw new Error('parseRecipe was slow');
    return outcome;
  };

  it('a damaged recipe file is a recipe or RECIPE_INVALID', () => {
    const outcomes = { recipe: 0, refused: 0 } as Record<string, number>;
    fc.assert(
      fc.property(fc.noBias(fc.array(mutation, { minLength: 1, maxLength: 3 })), (mutations) => {
        const outcome = parses(new TextDecoder().decode(mutate(bytes, mutations)));
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      }),
      { seed: SEED, numRuns: 1500 },
    );
    expect(outcomes.refused).toBeGreaterThan(300);
  });

  it('any JSON is a recipe or RECIPE_INVALID', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.jsonValue(), fc.record({ bnfold: fc.constant(1), steps: fc.array(fc.jsonValue()) })),
        (value) => {
          parses(JSON.stringify(value) ?? 'null');
        },
      ),
      { seed: SEED, numRuns: 1500 },
    );
  });
});
