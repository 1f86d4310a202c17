import { expect, test } from '@playwright/test';
import { createRandom } from '../src/compare/random.ts';
import { randomlyRewired } from '../src/fixtures/hostile-graphs.ts';
import { HOSTILE_CASES } from '../src/fixtures/hostile-models.ts';
import { buildConvBn, buildResNetLike } from '../src/fixtures/models.ts';
import { encodeModel } from '../src/onnx/index.ts';
import { type Mutation, mutate } from '../test/helpers/mutations.ts';
import { readRealModel } from '../test/helpers/real-models.ts';
import { openApp, pickFiles, SAMPLE_COUNTS } from './helpers.ts';

const SEED = 20261127;
const COUNTS = /^\d+ fusible · \d+ blocked · \d+ fused$/;

/** Seeded byte damage: one to three mutations of the kinds the Vitest fuzz suite draws. */
function randomMutations(random: () => number): Mutation[] {
  const kinds = ['truncate', 'flip', 'set', 'inflate', 'delete', 'duplicate'] as const;
  return Array.from({ length: 1 + Math.floor(random() * 3) }, (): Mutation => {
    const kind = kinds[Math.floor(random() * kinds.length)] ?? 'flip';
    const at = random();
    const small = 1 + Math.floor(random() * 64);
    if (kind === 'flip') return { kind, at, bit: small % 8 };
    if (kind === 'set') return { kind, at, value: Math.floor(random() * 256) };
    if (kind === 'delete' || kind === 'duplicate') return { kind, at, count: small };
    return { kind, at };
  });
}

/** A few hundred hostile files, built in code: the hostile table, rewired graphs, damaged models. */
function hostileFiles(): { name: string; bytes: Uint8Array }[] {
  const random = createRandom(SEED);
  const files = HOSTILE_CASES.filter((c) => !c.large).map((c) => ({ name: c.name, bytes: c.bytes() }));
  for (let seed = 1; seed <= 80; seed++) {
    files.push({ name: `rewired-${seed}`, bytes: encodeModel(randomlyRewired(seed, 1 + (seed % 5))) });
  }
  const sources = [
    ['sample', encodeModel(buildResNetLike())],
    ['conv-bn', encodeModel(buildConvBn())],
    ['ppocr-cls', readRealModel('ch_ppocr_mobile_v2.0_cls_infer.onnx')],
  ] as const;
  for (let i = 0; i < 180; i++) {
    const [name, bytes] = sources[i % sources.length] as (typeof sources)[number];
    files.push({ name: `${name}-damaged-${i}`, bytes: mutate(bytes, randomMutations(random)) });
  }
  // A few of the large ones too: a million nodes, inputs and dims must not freeze the page.
  for (const c of HOSTILE_CASES.filter((x) => x.large && !x.name.startsWith('if-nested'))) {
    files.push({ name: c.name, bytes: c.bytes() });
  }
  return files.map((f, i) => ({ name: `h${i}-${f.name}.onnx`, bytes: f.bytes }));
}

test(`hostile files through "Open model": each opens or is refused, and a refusal keeps the model (seed ${SEED})`, async ({
  page,
}) => {
  test.setTimeout(240_000);
  const files = hostileFiles();
  await openApp(page);
  const status = page.getByRole('status');
  const alert = page.getByRole('alert');
  let previous = SAMPLE_COUNTS;
  let opened = 0;
  let refused = 0;
  for (const file of files) {
    await pickFiles(page, [file]);
    // Done when the page names this file: in the summary's heading (opened) or in the alert.
    const shown = page.getByRole('heading', { name: file.name, exact: true }).or(alert.filter({ hasText: file.name }));
    await expect(shown.first(), file.name).toBeVisible();
    const message = (await alert.count()) > 0 ? ((await alert.textContent()) ?? '') : '';
    if (message.includes(file.name)) {
      refused++;
      expect(message, file.name).not.toMatch(/undefined|\[object|\n\s+at /);
      // The previous model is still there, with its counts.
      await expect(status, file.name).toHaveText(previous);
    } else {
      opened++;
      await expect(status, file.name).toHaveText(COUNTS);
      previous = ((await status.textContent()) ?? '').trim();
    }
  }
  console.info(`hostile files in the page (seed ${SEED}): ${files.length} cases, ${opened} opened, ${refused} refused`);
  expect(opened + refused).toBe(files.length);
  expect(refused).toBeGreaterThan(files.length / 3);
  expect(opened).toBeGreaterThan(5);
  // The page still works after all of it: the sample opens and fuses.
  await pickFiles(page, [{ name: 'again.onnx', bytes: encodeModel(buildResNetLike()) }]);
  await expect(status).toHaveText(SAMPLE_COUNTS);
  await page.getByRole('button', { name: 'Fuse all' }).click();
  await expect(status).toHaveText('0 fusible · 1 blocked · 7 fused');
});
