import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildEchoModel, buildExpectModel } from '../src/fixtures/input-models.ts';
import { buildConvBn } from '../src/fixtures/models.ts';
import { applyAll } from '../src/fusion/index.ts';
import { DataType, encodeModel } from '../src/onnx/index.ts';
import { encodeNpy } from '../src/onnx/npy.ts';
import { Long, onnx } from '../src/onnx/protobuf.ts';
import { encodeTensorFile } from '../src/onnx/tensor-file.ts';
import { cli } from './helpers/cli.ts';

const VAD = 'node_modules/@ricky0123/vad-web/dist';
const bytesOf = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** Values no seeded random stream gives: fed exactly, or the comparison fails. */
const X = [0.5, -1.25, 3, 1e-3, -7.5, 2];
const N = 16000;

let dir: string;
const path = (name: string) => join(dir, name);
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bnfold-compare-'));
  writeFileSync(path('echo.onnx'), encodeModel(buildEchoModel()));
  writeFileSync(path('echo-renamed.onnx'), encodeModel(buildEchoModel({ y: 'out0', m: 'out1' })));
  writeFileSync(path('expect.onnx'), encodeModel(buildExpectModel(X, N)));
  writeFileSync(
    path('x.npy'),
    encodeNpy({ dataType: DataType.FLOAT, dims: [2, 3], data: bytesOf(Float32Array.from(X)) }),
  );
  const other = X.map((v, i) => (i === 4 ? v + 0.5 : v));
  writeFileSync(
    path('x-other.npy'),
    encodeNpy({ dataType: DataType.FLOAT, dims: [2, 3], data: bytesOf(Float32Array.from(other)) }),
  );
  // int64 in int64_data, as some writers store it; float32 in raw_data, as numpy_helper does.
  const n = onnx.TensorProto.encode({ name: 'n', dataType: DataType.INT64, int64Data: [Long.fromNumber(N)] }).finish();
  writeFileSync(path('n.pb'), n);
  writeFileSync(
    path('x.pb'),
    encodeTensorFile({ name: 'x', dataType: DataType.FLOAT, dims: [2, 3], data: bytesOf(Float32Array.from(X)) }),
  );
  // An ONNX test_data_set folder, tensors named after the inputs and in another order than the inputs.
  mkdirSync(path('test_data_set_0'));
  writeFileSync(path('test_data_set_0/input_0.pb'), n);
  writeFileSync(
    path('test_data_set_0/input_1.pb'),
    encodeTensorFile({ name: 'x', dataType: DataType.FLOAT, dims: [2, 3], data: bytesOf(Float32Array.from(X)) }),
  );
  // Unnamed tensors: matched by position.
  mkdirSync(path('unnamed'));
  writeFileSync(
    path('unnamed/input_0.pb'),
    encodeTensorFile({ name: '', dataType: DataType.FLOAT, dims: [2, 3], data: bytesOf(Float32Array.from(X)) }),
  );
  writeFileSync(
    path('unnamed/input_1.pb'),
    encodeTensorFile({ name: '', dataType: DataType.INT64, dims: [], data: bytesOf(BigInt64Array.from([BigInt(N)])) }),
  );
});

describe('bnfold compare with real inputs (.npy, .pb, values, test_data_set), judged by onnxruntime-node', () => {
  it('feeds a .npy and a .pb file exactly as written: the echo model then gives what the expect model holds', async () => {
    const run = await cli(
      'compare',
      path('echo.onnx'),
      path('expect.onnx'),
      '--input',
      `x=${path('x.npy')}`,
      '--input',
      `n=${path('n.pb')}`,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('compare echo.onnx (reference) with expect.onnx');
    expect(run.stdout).toContain('inputs x[2,3] ← x.npy n[] ← n.pb');
    expect(run.stdout).toMatch(/ {2}y {2}max abs 0\.00e\+0 .* pass/);
    expect(run.stdout).toMatch(/ {2}m {2}max abs 0\.00e\+0 .* pass/);
  });

  it('other values fail: a file whose one value differs by 0.5, random data, a value list for n off by one', async () => {
    const other = await cli(
      'compare',
      path('echo.onnx'),
      path('expect.onnx'),
      '--input',
      `x=${path('x-other.npy')}`,
      '--input',
      `n=${path('n.pb')}`,
    );
    expect(other.code).toBe(1);
    expect(other.stdout).toMatch(/ {2}y {2}max abs 5\.00e-1 .* FAIL/);
    const random = await cli('compare', path('echo.onnx'), path('expect.onnx'), '--dim', 'N=2', '--input', `n=${N}`);
    expect(random.code).toBe(1);
    expect(random.stdout).toContain('n[] ← values 16000');
    const values = await cli(
      'compare',
      path('echo.onnx'),
      path('expect.onnx'),
      '--input',
      `x=${X.join(',')}`,
      '--input',
      `n=${N - 1}`,
    );
    expect(values.code).toBe(1);
    // Six values size the open dim N as 2; y agrees, m is off by one.
    expect(values.stdout).toContain('inputs x[2,3] ← values 0.5, -1.25, 3, 0.001, … (6) n[] ← values 15999');
    expect(values.stdout).toMatch(/ {2}y .* pass\n {2}m .* FAIL/);
  });

  it('--inputs DIR reads a test_data_set folder by tensor name, else by position, and says which', async () => {
    const named = await cli(
      'compare',
      path('echo.onnx'),
      path('expect.onnx'),
      '--inputs',
      path('test_data_set_0'),
      '--json',
    );
    expect(named.code).toBe(0);
    const report = JSON.parse(named.stdout);
    expect(report.inputs.map((i: { name: string; source: string }) => `${i.name} ← ${i.source}`)).toEqual([
      'x ← input_1.pb',
      'n ← input_0.pb',
    ]);
    expect(report.verdict).toBe('pass');
    const unnamed = await cli('compare', path('echo.onnx'), path('expect.onnx'), '--inputs', path('unnamed'));
    expect(unnamed.code).toBe(0);
    expect(unnamed.stdout).toContain('x[2,3] ← input_0.pb (by position) n[] ← input_1.pb (by position)');
    // --input wins over the folder's file for the same input.
    const override = await cli(
      'compare',
      path('echo.onnx'),
      path('expect.onnx'),
      '--inputs',
      path('test_data_set_0'),
      '--input',
      `x=${path('x-other.npy')}`,
    );
    expect(override.code).toBe(1);
  });

  it('matches outputs by position when the names differ, and says so', async () => {
    const run = await cli('compare', path('echo.onnx'), path('echo-renamed.onnx'), '--input', `x=${path('x.pb')}`);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('  y ↔ out0  max abs 0.00e+0');
    expect(run.stdout).toContain('Outputs without a namesake were matched by position: y ↔ out0, m ↔ out1.');
  });

  it('refuses inputs that do not fit the model with exit 2 and a sentence, never an internal error', async () => {
    const cases: [string[], RegExp][] = [
      [['--input', `x=${path('n.pb')}`], /n\.pb holds int64 values, but input "x" is float32/],
      [['--input', `nope=${path('x.npy')}`], /The model has no input "nope" \(its inputs: x, n\)/],
      [['--input', 'n=0.5'], /0\.5 cannot be a value of input "n", which is int64/],
      [['--input', 'x=missing.npy'], /--input x: "missing\.npy" is neither a file nor a list of numbers/],
      [['--input', `x=${path('echo.onnx')}`], /echo\.onnx: This is not an ONNX tensor \(\.pb\) file/],
      [['--inputs', dir], /no input_N\.pb files in it/],
    ];
    for (const [args, message] of cases) {
      const run = await cli('compare', path('echo.onnx'), path('expect.onnx'), ...args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toMatch(/internal error/);
    }
    const one = await cli('compare', path('echo.onnx'));
    expect(one.code).toBe(2);
    expect(one.stderr).toContain('compare needs two model files');
    // fuse --verify refuses such inputs before it writes anything.
    const fuse = await cli('fuse', path('echo.onnx'), '-o', path('echo.fused.onnx'), '--verify', '--input', 'n=0.5');
    expect({ code: fuse.code, refused: /0\.5 cannot be a value of input "n"/.test(fuse.stderr) }).toEqual({
      code: 2,
      refused: true,
    });
    expect(existsSync(path('echo.fused.onnx'))).toBe(false);
  });

  it('compares a model with its fused copy as fuse --verify does, with the same JSON report', async () => {
    const model = buildConvBn();
    writeFileSync(path('convbn.onnx'), encodeModel(model));
    writeFileSync(path('convbn.fused.onnx'), encodeModel(applyAll(model).model));
    const run = await cli('compare', path('convbn.onnx'), path('convbn.fused.onnx'), '--json');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({
      verdict: 'pass',
      labels: { reference: 'convbn.onnx', actual: 'convbn.fused.onnx' },
    });
    expect(report.outputs[0]).toMatchObject({ matchedBy: 'name', tolerance: { atol: 1e-4, rtol: 1e-3 } });
  });
});

describe('the Silero VAD model of @ricky0123/vad-web (input[?,?], state[2,?,128], sr int64)', () => {
  const v5 = `${VAD}/silero_vad_v5.onnx`;

  it("fuse --verify on random inputs says the inputs cannot run the model, with onnxruntime's words and how to give others", async () => {
    const run = await cli('fuse', v5, '-o', path('vad.onnx'), '--verify');
    expect(run.code).toBe(2);
    expect(run.stderr).not.toMatch(/internal error/);
    expect(run.stderr).toContain(
      'The original model cannot run on these inputs (input float32[1,64] ← random, seed 1;',
    );
    expect(run.stderr).toContain('onnxruntime said: Non-zero status code returned while running If node.');
    expect(run.stderr).toContain('Give real inputs: --input NAME=FILE (.npy or .pb)');
    // onnxruntime's own log lines stay out: the message says it once.
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('verifies with its real input shapes and sample rate given', async () => {
    const run = await cli(
      'fuse',
      v5,
      '-o',
      path('vad.onnx'),
      '--verify',
      '--shape',
      'input=1,576',
      '--shape',
      'state=2,1,128',
      '--input',
      'sr=16000',
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('inputs input[1,576] state[2,1,128] sr[] ← values 16000');
    expect(run.stdout).toContain('All outputs agree.');
  });

  it('compares v5 with v6 on a real frame (.npy audio, .npy state, .pb sample rate): outputs matched by name, they differ', async () => {
    const audio = Float32Array.from({ length: 576 }, (_, i) => 0.3 * Math.sin((2 * Math.PI * 220 * i) / 16000));
    writeFileSync(path('frame.npy'), encodeNpy({ dataType: DataType.FLOAT, dims: [1, 576], data: bytesOf(audio) }));
    writeFileSync(
      path('state.npy'),
      encodeNpy({ dataType: DataType.FLOAT, dims: [2, 1, 128], data: new Uint8Array(1024) }),
    );
    writeFileSync(
      path('sr.pb'),
      encodeTensorFile({ name: 'sr', dataType: DataType.INT64, dims: [], data: bytesOf(BigInt64Array.from([16000n])) }),
    );
    const inputs = [
      '--input',
      `input=${path('frame.npy')}`,
      '--input',
      `state=${path('state.npy')}`,
      '--input',
      `sr=${path('sr.pb')}`,
    ];
    const same = await cli('compare', v5, path('vad.onnx'), ...inputs);
    expect(same.code).toBe(0);
    expect(same.stdout).toContain('inputs input[1,576] ← frame.npy state[2,1,128] ← state.npy sr[] ← sr.pb');
    const other = await cli('compare', v5, `${VAD}/silero_vad_v6.onnx`, ...inputs, '--json');
    expect(other.code).toBe(1);
    const report = JSON.parse(other.stdout);
    expect(report.outputs.map((o: { name: string; matchedBy: string }) => `${o.name} ${o.matchedBy}`)).toEqual([
      'output name',
      'stateN name',
    ]);
    expect(report.verdict).toBe('fail');
  });
});
