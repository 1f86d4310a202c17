import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildConvBn, buildResNetLike } from '../src/fixtures/models.ts';
import { buildOverflowingConvBn } from '../src/fixtures/non-finite-models.ts';
import { decodeModel, encodeModel, requiredSideFiles, writeExternalBytes } from '../src/onnx/index.ts';
import type { TensorProto } from '../src/onnx/types.ts';
import { cli } from './helpers/cli.ts';
import { realModelPath } from './helpers/real-models.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bnfold-cli-'));
});

describe('bnfold inspect', () => {
  it('reports versions, inputs, ops and parameters of a real model', async () => {
    const { code, stdout } = await cli('inspect', realModelPath('ch_ppocr_mobile_v2.0_cls_infer.onnx'));
    expect(code).toBe(0);
    expect(stdout).toMatch(/IR version\s+8/);
    expect(stdout).toMatch(/opsets\s+ai\.onnx 9/);
    expect(stdout).toMatch(/x: float32\[p2o\.DynamicDimension\.0,3,/);
    expect(stdout).toMatch(/BatchNormalization 35/);
    expect(stdout).toMatch(/parameters\s+133,665/);
  });

  it('prints JSON with --json', async () => {
    const { code, stdout } = await cli('inspect', realModelPath('ch_PP-OCRv4_det_infer.onnx'), '--json');
    expect(code).toBe(0);
    const summary = JSON.parse(stdout);
    expect(summary.opHistogram.ConvTranspose).toBe(2);
    expect(summary.opsets).toEqual([{ domain: '', version: 11 }]);
    expect(summary.sideFiles).toEqual([]);
  });

  it('lists side files and says which are missing', async () => {
    const model = buildConvBn();
    const files = new Map<string, Uint8Array>();
    const weight = model.graph?.initializer?.[0] as TensorProto;
    writeExternalBytes(weight, weight.rawData as Uint8Array, files, 'conv.weights.bin');
    const path = join(dir, 'external.onnx');
    writeFileSync(path, encodeModel(model));
    const missing = await cli('inspect', path, '--json');
    expect(JSON.parse(missing.stdout).missingSideFiles).toEqual(['conv.weights.bin']);
    writeFileSync(join(dir, 'conv.weights.bin'), files.get('conv.weights.bin') as Uint8Array);
    const present = await cli('inspect', path);
    expect(present.stdout).toMatch(/side files\s+conv\.weights\.bin\n/);
  });
});

describe('bnfold roundtrip', () => {
  it('writes a model equal field by field to the input', async () => {
    const source = realModelPath('ch_PP-OCRv4_rec_infer.onnx');
    const out = join(dir, 'rec.onnx');
    const { code, stdout } = await cli('roundtrip', source, '-o', out);
    expect(code).toBe(0);
    expect(stdout).toContain(out);
    expect(decodeModel(new Uint8Array(readFileSync(out)))).toEqual(decodeModel(new Uint8Array(readFileSync(source))));
  });
});

describe('bad input', () => {
  const cases: [string, () => string[], RegExp][] = [
    [
      'a truncated model',
      () => [
        write('cut.onnx', readFileSync(realModelPath('ch_ppocr_mobile_v2.0_cls_infer.onnx')).subarray(0, 5000)),
        'inspect',
      ],
      /cut\.onnx: The file is truncated/,
    ],
    [
      'a text file',
      () => [write('notes.onnx', Buffer.from('just some notes\n')), 'inspect'],
      /notes\.onnx: This is not an ONNX model/,
    ],
    ['an empty file', () => [write('empty.onnx', Buffer.alloc(0)), 'inspect'], /empty\.onnx: The file is empty/],
    ['a missing file', () => [join(dir, 'nowhere.onnx'), 'inspect'], /nowhere\.onnx: cannot read the file/],
    [
      'roundtrip without -o',
      () => [realModelPath('ch_ppocr_mobile_v2.0_cls_infer.onnx'), 'roundtrip'],
      /needs an output file/,
    ],
    ['an unknown command', () => ['x.onnx', 'frobnicate'], /unknown command "frobnicate"/],
  ];

  function write(name: string, bytes: Uint8Array): string {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  }

  it.each(cases)('%s: one line on stderr, exit code 2, no stack trace', async (_what, args, message) => {
    const [file, command] = args();
    const { code, stdout, stderr } = await cli(command as string, file as string);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^bnfold: /);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});

describe('bnfold fuse', () => {
  it('fuses a real model, verifies it with onnxruntime-node and exits 0', async () => {
    const out = join(dir, 'cls.fused.onnx');
    const { code, stdout } = await cli(
      'fuse',
      realModelPath('ch_ppocr_mobile_v2.0_cls_infer.onnx'),
      '-o',
      out,
      '--verify',
      '--dim',
      'p2o.DynamicDimension.1=48',
      '--dim',
      'p2o.DynamicDimension.2=96',
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(/35 candidates, 35 fusible, 0 blocked/);
    expect(stdout).toMatch(/applied 35 fusions/);
    expect(stdout).toMatch(/inputs x\[1,3,48,96\]/);
    expect(stdout).toMatch(/softmax_0\.tmp_0 .* pass/);
    const fused = decodeModel(new Uint8Array(readFileSync(out)));
    expect((fused.graph?.node ?? []).filter((n) => n.opType === 'BatchNormalization')).toHaveLength(0);
  });

  it('applies only the candidates named by --only and reports JSON', async () => {
    const source = join(dir, 'sample.onnx');
    writeFileSync(source, encodeModel(buildResNetLike()));
    const listed = JSON.parse((await cli('fuse', source, '-o', join(dir, 'all.onnx'), '--json')).stdout);
    const fusible = listed.candidates.filter((c: { status: string }) => c.status === 'fusible');
    expect(fusible).toHaveLength(7);
    const blocked = listed.candidates.find((c: { status: string }) => c.status === 'blocked');
    expect(blocked.blocked.reason).toBe('OUTPUT_SHARED');
    const { code, stdout } = await cli(
      'fuse',
      source,
      '-o',
      join(dir, 'one.onnx'),
      '--only',
      `${fusible[0].id},${blocked.id}`,
      '--json',
    );
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.applied.map((a: { id: string }) => a.id)).toEqual([fusible[0].id]);
    expect(report.skipped[0].id).toBe(blocked.id);
    expect(report.skipped[0].reason).toMatch(/graph output/);
  });

  it('verifies a model with external data from another working directory, side files and all', async () => {
    const model = buildResNetLike();
    const files = new Map<string, Uint8Array>();
    for (const t of model.graph?.initializer ?? []) {
      if ((t.rawData?.length ?? 0) >= 256) writeExternalBytes(t, t.rawData as Uint8Array, files, 'net.onnx.data');
    }
    const source = join(dir, 'net.onnx');
    writeFileSync(source, encodeModel(model));
    writeFileSync(join(dir, 'net.onnx.data'), files.get('net.onnx.data') as Uint8Array);
    const outDir = mkdtempSync(join(dir, 'out-'));
    const out = join(outDir, 'net.fused.onnx');
    // The tests run from the repository, not from the model's folder.
    expect(process.cwd()).not.toBe(dir);
    const { code, stdout, stderr } = await cli('fuse', source, '-o', out, '--verify');
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(/applied 7 fusions/);
    expect(stdout).toMatch(/outputs agree/);
    // Saved by the page's rules: a model that fits in one file is written as one, its side file
    // embedded, so it needs nothing beside it.
    expect(readdirSync(outDir)).toEqual(['net.fused.onnx']);
    expect(requiredSideFiles(decodeModel(readFileSync(out)))).toEqual([]);
  });

  it('says when the output folder does not exist', async () => {
    const source = join(dir, 'sample-missing-folder.onnx');
    writeFileSync(source, encodeModel(buildResNetLike()));
    const { code, stderr } = await cli('fuse', source, '-o', join(dir, 'no', 'such', 'out.onnx'));
    expect(code).toBe(2);
    expect(stderr).toMatch(/cannot write .*out\.onnx: its folder does not exist/);
  });

  it('refuses bad options in one line with exit code 2', async () => {
    const source = realModelPath('ch_ppocr_mobile_v2.0_cls_infer.onnx');
    const noOutput = await cli('fuse', source);
    expect(noOutput.code).toBe(2);
    expect(noOutput.stderr).toMatch(/fuse needs an output file/);
    const badDim = await cli('fuse', source, '-o', join(dir, 'x.onnx'), '--dim', 'N=zero');
    expect(badDim.code).toBe(2);
    expect(badDim.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('--verify exits 3, not 0, when outputs overflow to Inf in both models, and passes at a smaller --input-scale', async () => {
    const source = join(dir, 'overflowing.onnx');
    writeFileSync(source, encodeModel(buildOverflowingConvBn()));
    const wide = await cli('fuse', source, '-o', join(dir, 'overflowing.fused.onnx'), '--verify');
    expect(wide.code).toBe(3);
    expect(wide.stdout).toMatch(/ {2}y {2}.* INCONCLUSIVE\n {4}\d+ of 256 values are NaN or ±Inf in both models/);
    expect(wide.stdout).toMatch(/^Inconclusive: the output holds NaN or ±Inf in both models/m);
    expect(wide.stdout).toMatch(/exit code 3: inconclusive, not a pass/);
    const narrow = await cli(
      'fuse',
      source,
      '-o',
      join(dir, 'overflowing.fused.onnx'),
      '--verify',
      '--input-scale',
      '0.01',
    );
    expect(narrow.code).toBe(0);
    expect(narrow.stdout).toMatch(/All outputs agree\./);
    const bad = await cli('fuse', source, '-o', join(dir, 'x.onnx'), '--verify', '--input-scale', '0');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--input-scale: "0" is not a positive number/);
  });
});
