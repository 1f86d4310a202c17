import { readFileSync } from 'node:fs';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { buildEchoModel, buildExpectModel } from '../src/fixtures/input-models.ts';
import { DataType, encodeModel } from '../src/onnx/index.ts';
import { encodeNpy } from '../src/onnx/npy.ts';
import { encodeTensorFile } from '../src/onnx/tensor-file.ts';
import { openApp, pickFiles } from './helpers.ts';

/** Values no seeded random stream gives: the comparison passes only when they are fed exactly. */
const X = [0.5, -1.25, 3, 1e-3, -7.5, 2];
const N = 16000;
const bytesOf = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
const file = (name: string, bytes: Uint8Array) => ({
  name,
  mimeType: 'application/octet-stream',
  buffer: Buffer.from(bytes),
});

/** Opens `bytes` as the loaded model and the Verify panel (whose first run compares it with itself). */
async function openModel(page: Page, name: string, bytes: Uint8Array): Promise<Locator> {
  await openApp(page);
  await pickFiles(page, [{ name, bytes }]);
  await expect(page.getByRole('heading', { name })).toBeVisible();
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  const verify = page.getByRole('region', { name: 'Verify' });
  await expect(verify.getByRole('button', { name: 'Run comparison' })).toBeEnabled({ timeout: 60_000 });
  return verify;
}

async function run(verify: Locator): Promise<void> {
  await verify.getByRole('button', { name: 'Run comparison' }).click();
  await expect(verify.getByRole('button', { name: 'Run comparison' })).toBeEnabled({ timeout: 60_000 });
}

test('"Compare with file…" runs the loaded model and a second file on a .npy file and typed values', async ({
  page,
}) => {
  const verify = await openModel(page, 'echo.onnx', encodeModel(buildEchoModel()));
  await verify
    .getByLabel('Second model (with its side files)')
    .setInputFiles(file('expect.onnx', encodeModel(buildExpectModel(X, N))));
  await expect(verify.getByTestId('compare-with-state')).toHaveText('Against expect.onnx, on the same inputs');
  await verify.getByLabel('Data for x').selectOption('file');
  const npy = encodeNpy({ dataType: DataType.FLOAT, dims: [2, 3], data: bytesOf(Float32Array.from(X)) });
  await verify.getByLabel('Input file for x').setInputFiles(file('x.npy', npy));
  await expect(verify.getByTestId('input-file-state-x')).toHaveText('x.npy: [2, 3]');
  await verify.getByLabel('Data for n').selectOption('values');
  await verify.getByLabel('Values for n').fill(String(N));
  await run(verify);
  await expect(verify.getByTestId('compare-inputs')).toHaveText('Inputs: x[2,3] ← x.npy; n[] ← values 16000');
  await expect(verify.getByTestId('compare-verdict')).toHaveText('All outputs agree.');
  const results = verify.getByRole('table', { name: 'Comparison' }).locator('tbody td:last-child');
  await expect(results).toHaveText(['pass', 'pass']);
  // The two models are called by their files' names, not "original" and "fused".
  const latency = verify.getByRole('table', { name: 'Latency' });
  await expect(latency.getByRole('row', { name: /^echo\.onnx/ })).toBeVisible();
  await expect(latency.getByRole('row', { name: /^expect\.onnx/ })).toBeVisible();

  // Another value for n: the values were fed as typed, so m now differs.
  await verify.getByLabel('Values for n').fill(String(N - 1));
  await run(verify);
  await expect(results).toHaveText(['pass', 'fail']);

  // Back to verifying the model's own changes: it is compared with itself again.
  await verify.getByRole('button', { name: 'Verify the changes instead' }).click();
  await run(verify);
  await expect(verify.getByTestId('compare-unchanged')).toBeVisible();
});

test('a .pb input file (ONNX test data) is fed; a file that is no tensor, or of the wrong type, is refused in words', async ({
  page,
}) => {
  const verify = await openModel(page, 'echo.onnx', encodeModel(buildEchoModel({ y: 'out0', m: 'out1' })));
  await verify
    .getByLabel('Second model (with its side files)')
    .setInputFiles(file('expect.onnx', encodeModel(buildExpectModel(X, N))));
  await verify.getByLabel('Data for x').selectOption('file');
  const wrongType = encodeTensorFile({ name: 'x', dataType: DataType.INT64, dims: [1], data: new Uint8Array(8) });
  await verify.getByLabel('Input file for x').setInputFiles(file('input_0.pb', wrongType));
  await expect(verify.locator('.compare-error')).toHaveText('input_0.pb holds int64 values, but input "x" is float32.');
  await verify
    .getByLabel('Input file for x')
    .setInputFiles(file('input_0.pb', new TextEncoder().encode('not a tensor')));
  await expect(verify.locator('.compare-error')).toContainText('input_0.pb: This is not an ONNX tensor (.pb) file');
  await expect(verify.getByTestId('input-file-state-x')).toHaveText('None: seeded random data');
  const pb = encodeTensorFile({
    name: 'x',
    dataType: DataType.FLOAT,
    dims: [2, 3],
    data: bytesOf(Float32Array.from(X)),
  });
  await verify.getByLabel('Input file for x').setInputFiles(file('input_0.pb', pb));
  await expect(verify.getByTestId('input-file-state-x')).toHaveText('input_0.pb: [2, 3]');
  await verify.getByLabel('Data for n').selectOption('values');
  await verify.getByLabel('Values for n').fill(String(N));
  await run(verify);
  await expect(verify.getByTestId('compare-inputs')).toHaveText('Inputs: x[2,3] ← input_0.pb; n[] ← values 16000');
  // The loaded model's outputs are named out0 and out1, the other's y and m: paired by position, and said so.
  await expect(verify.getByTestId('compare-matching')).toHaveText(
    'Outputs without a namesake were matched by position: out0 ↔ y, out1 ↔ m.',
  );
  await expect(verify.getByRole('table', { name: 'Comparison' }).locator('tbody td:last-child')).toHaveText([
    'pass',
    'pass',
  ]);
  await expect(page.getByRole('heading', { name: 'echo.onnx' })).toBeVisible();
});

test('the Silero VAD model: random inputs are said to be the problem; its real sizes and sample rate verify', async ({
  page,
}) => {
  const vad = new Uint8Array(readFileSync('node_modules/@ricky0123/vad-web/dist/silero_vad_v5.onnx'));
  const verify = await openModel(page, 'silero_vad_v5.onnx', vad);
  // The first run (on Compare) fed random data with every unknown size at 1 or 64.
  const error = verify.locator('.compare-error');
  await expect(error).toContainText('The original model cannot run on these inputs (input float32[1,64] ← random');
  await expect(error).toContainText('the inputs, not the models, are what to change. onnxruntime said:');
  await expect(error).toContainText('Give real inputs under "Data for …" in the options above');
  await expect(error).not.toContainText('internal error');
  await verify.getByLabel('Size of input[1]').fill('576');
  await verify.getByLabel('Size of state[1]').fill('1');
  await verify.getByLabel('Data for sr').selectOption('values');
  await verify.getByLabel('Values for sr').fill('16000');
  await run(verify);
  await expect(error).toHaveCount(0);
  await expect(verify.getByTestId('compare-inputs')).toHaveText(
    'Inputs: input[1,576] ← random, seed 1; state[2,1,128] ← random, seed 1; sr[] ← values 16000',
  );
  await expect(verify.getByTestId('compare-verdict')).toHaveText('All outputs agree.');
});
