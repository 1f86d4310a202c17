import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyEdit, type EditOp, formatRecipe, parseRecipe, recipeFiles } from '../src/edit/index.ts';
import { buildEditableClassifier } from '../src/fixtures/edit-models.ts';
import { DataType, encodeModel, filesToSave, isOnnxError, joinParts } from '../src/onnx/index.ts';
import { encodeNpy } from '../src/onnx/npy.ts';
import { cli } from './helpers/cli.ts';
import { bitIdentical, randomFeeds, runModel } from './helpers/ort.ts';

/** A history as the page would export it: every kind of change a user makes by hand, and a weight from a file. */
const STEPS: EditOp[] = [
  { op: 'set-input-shape', input: 'image', dims: ['batch', 3, 8, 8] },
  { op: 'rename', value: 'image', to: 'pixels' },
  { op: 'set-attribute', node: 'act', name: 'alpha', value: 0.25 },
  { op: 'set-initializer', name: 'stem.bias', npy: 'weights/stem.bias.npy' },
  { op: 'add-output', value: 'features' },
  { op: 'delete-node', node: 'probs' },
];

const BIAS = encodeNpy({
  dataType: DataType.FLOAT,
  dims: [4],
  data: new Uint8Array(Float32Array.from([0.5, -0.5, 1, 0]).buffer),
});

function refusal(text: string): string {
  try {
    parseRecipe(text);
  } catch (error) {
    if (isOnnxError(error)) return `${error.code}: ${error.message}`;
    throw error;
  }
  throw new Error('parseRecipe accepted the text');
}

describe('recipes: parsing', () => {
  it('reads back what formatRecipe writes, and lists its .npy files', () => {
    const text = formatRecipe(STEPS);
    expect(text.endsWith('}\n')).toBe(true);
    const recipe = parseRecipe(text);
    expect(recipe).toEqual({ bnfold: 1, steps: STEPS });
    expect(recipeFiles(recipe)).toEqual(['weights/stem.bias.npy']);
  });

  it.each([
    ['not JSON', '{"bnfold": 1, "steps": [', /RECIPE_INVALID: The recipe cannot be read: it is not JSON/],
    ['a list', '[]', /must be an object/],
    ['another format version', '{"bnfold": 2, "steps": []}', /"bnfold" must be 1 .*not 2/],
    ['an unknown top-level field', '{"bnfold": 1, "steps": [], "extra": 1}', /unknown field "extra"/],
    ['steps that are no list', '{"bnfold": 1, "steps": {}}', /"steps" must be a list/],
    [
      'an unknown op at step 2',
      '{"bnfold": 1, "steps": [{"op": "fuse-all"}, {"op": "explode"}]}',
      /^RECIPE_INVALID: step 2 \(explode\): "explode" is not an edit/,
    ],
    ['a step without op', '{"bnfold": 1, "steps": [7]}', /^RECIPE_INVALID: step 1: An edit must be an object/],
    [
      'a missing field',
      '{"bnfold": 1, "steps": [{"op": "rename", "value": "a"}]}',
      /step 1 \(rename\): rename needs "to" \(a string\)/,
    ],
    [
      'a field of the wrong type',
      '{"bnfold": 1, "steps": [{"op": "delete-node", "node": "a", "downstream": "yes"}]}',
      /step 1 \(delete-node\): delete-node: "downstream" must be true or false/,
    ],
    [
      'an absolute .npy path',
      '{"bnfold": 1, "steps": [{"op": "set-initializer", "name": "w", "npy": "/etc/passwd"}]}',
      /step 1 \(set-initializer\): .*relative to the recipe/,
    ],
    [
      'a .npy path climbing out',
      '{"bnfold": 1, "steps": [{"op": "set-initializer", "name": "w", "npy": "a/../../w.npy"}]}',
      /no "\.\."/,
    ],
    [
      'too many steps',
      JSON.stringify({ bnfold: 1, steps: Array.from({ length: 10_001 }, () => ({ op: 'fuse-all' })) }),
      /10001 steps, more than 10000/,
    ],
  ])('refuses %s, naming the step', (_name, text, message) => {
    expect(refusal(text)).toMatch(message);
  });
});

describe('recipes: bnfold edit', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  async function workspace(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'bnfold-recipe-'));
    dirs.push(dir);
    await writeFile(join(dir, 'model.onnx'), encodeModel(buildEditableClassifier()));
    await mkdir(join(dir, 'recipes', 'weights'), { recursive: true });
    await writeFile(join(dir, 'recipes', 'weights', 'stem.bias.npy'), BIAS);
    return dir;
  }

  it('writes the same bytes the core and the save rules give (what the page downloads), and the model runs', async () => {
    const dir = await workspace();
    await writeFile(join(dir, 'recipes', 'r.json'), formatRecipe(STEPS));
    const run = await cli(
      'edit',
      join(dir, 'model.onnx'),
      '--recipe',
      join(dir, 'recipes', 'r.json'),
      '-o',
      join(dir, 'out.onnx'),
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('6. Deleted node "probs" (Softmax); output "probs" dropped');

    const files = new Map([['weights/stem.bias.npy', BIAS]]);
    let model = buildEditableClassifier();
    let sideFiles: ReadonlyMap<string, Uint8Array> = new Map();
    for (const op of STEPS) ({ model, sideFiles } = applyEdit(model, sideFiles, op, { files }));
    const [saved] = filesToSave('out.onnx', model, sideFiles);
    const written = new Uint8Array(await readFile(join(dir, 'out.onnx')));
    expect(written).toEqual(joinParts(saved?.parts ?? []));

    const feeds = randomFeeds(encodeModel(buildEditableClassifier()), 2);
    const outputs = await runModel(join(dir, 'out.onnx'), { pixels: feeds.image as never });
    const expected = await runModel(joinParts(saved?.parts ?? []), { pixels: feeds.image as never });
    expect(Object.keys(outputs)).toEqual(['features']);
    expect(bitIdentical(outputs, expected)).toBe(true);
  });

  it('a refused step: exit 2, "step N (op): reason" on one line, nothing written', async () => {
    const dir = await workspace();
    const steps: EditOp[] = [STEPS[0] as EditOp, { op: 'delete-node', node: 'act' }];
    await writeFile(join(dir, 'recipes', 'bad.json'), formatRecipe(steps));
    const run = await cli(
      'edit',
      join(dir, 'model.onnx'),
      '--recipe',
      join(dir, 'recipes', 'bad.json'),
      '-o',
      join(dir, 'out.onnx'),
    );
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(
      /step 2 \(delete-node\): Node "act" \(LeakyRelu\) cannot be deleted: node "pool" \(GlobalAveragePool\) still reads its output "act_out"/,
    );
    expect(existsSync(join(dir, 'out.onnx'))).toBe(false);
  });

  it('a recipe that cannot be read, or a .npy file missing beside it: exit 2 naming the step', async () => {
    const dir = await workspace();
    await writeFile(
      join(dir, 'recipes', 'typo.json'),
      '{"bnfold": 1, "steps": [{"op": "renam", "value": "a", "to": "b"}]}',
    );
    const typo = await cli(
      'edit',
      join(dir, 'model.onnx'),
      '--recipe',
      join(dir, 'recipes', 'typo.json'),
      '-o',
      join(dir, 'o.onnx'),
    );
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/typo\.json: step 1 \(renam\): "renam" is not an edit/);
    await writeFile(
      join(dir, 'recipes', 'missing.json'),
      formatRecipe([STEPS[0] as EditOp, { op: 'set-initializer', name: 'stem.bias', npy: 'nope.npy' }]),
    );
    const missing = await cli(
      'edit',
      join(dir, 'model.onnx'),
      '--recipe',
      join(dir, 'recipes', 'missing.json'),
      '-o',
      join(dir, 'o.onnx'),
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/step 2 \(set-initializer\): cannot read "nope.npy" beside the recipe \(ENOENT\)/);
  });
});
