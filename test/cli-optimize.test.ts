import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildIdentityInputToOutput, buildSharedConstants } from '../src/fixtures/optimize-models.ts';
import { decodeModel, encodeModel } from '../src/onnx/index.ts';
import { cli } from './helpers/cli.ts';
import { realModelPath } from './helpers/real-models.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bnfold-optimize-'));
});

describe('bnfold optimize', () => {
  it('optimizes a real model, reports before/after, each pass and each blocked candidate, and verifies', async () => {
    const out = join(dir, 'cls.onnx');
    const { code, stdout } = await cli(
      'optimize',
      realModelPath('ch_ppocr_mobile_v2.0_cls_infer.onnx'),
      '-o',
      out,
      '--verify',
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(/471 → 179 nodes \(471 → 179 in all graphs\), 133,665 → 127,224 parameters/);
    expect(stdout).toMatch(/ops before {2}Constant 250, Conv 53, BatchNormalization 35/);
    expect(stdout).toMatch(/conv-bn-folds +35 applied {2}-35 nodes/);
    // The classifier's MatMul reads a Reshape output whose rank only shape inference knows.
    expect(stdout).toMatch(/matmul-add-to-gemm +1 applied {2}-1 nodes/);
    expect(stdout).toMatch(/\n0 blocked\n/);
    expect(stdout).toContain('All outputs agree.');
    expect(decodeModel(readFileSync(out)).graph?.node?.length).toBe(179);
  }, 60_000);

  it('--json gives figures, passes and candidates; --skip leaves a pass out', async () => {
    const file = join(dir, 'shared.onnx');
    writeFileSync(file, encodeModel(buildSharedConstants()));
    const { code, stdout } = await cli(
      'optimize',
      file,
      '-o',
      join(dir, 'shared-out.onnx'),
      '--json',
      '--skip',
      'conv-bn-folds',
    );
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.before.ops).toMatchObject({ Constant: 2, BatchNormalization: 2 });
    // Without the folds, the two convs (equal weights once merged) are one subexpression.
    expect(report.after.ops).toEqual({ Conv: 1, BatchNormalization: 2, Add: 1 });
    expect(report.passes.map((p: { pass: string }) => p.pass)).not.toContain('conv-bn-folds');
    expect(report.passes.find((p: { pass: string }) => p.pass === 'constants').applied).toEqual([
      'constants:w1#constant',
      'constants:w2#constant',
      'constants:w2#merged',
      'constants:unused#unused',
    ]);
  }, 60_000);

  it('lists a blocked candidate with its reason', async () => {
    const file = join(dir, 'io.onnx');
    writeFileSync(file, encodeModel(buildIdentityInputToOutput()));
    const { code, stdout } = await cli('optimize', file, '-o', join(dir, 'io-out.onnx'));
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /blocked {2}no-ops:y {2}Identity "id": Identity removed\n +GRAPH_OUTPUT: "y" is a graph output/,
    );
  }, 60_000);

  it('refuses unknown pass names in one line naming the valid ones (exit 2)', async () => {
    const file = join(dir, 'io2.onnx');
    writeFileSync(file, encodeModel(buildIdentityInputToOutput()));
    const { code, stdout, stderr } = await cli(
      'optimize',
      file,
      '-o',
      join(dir, 'never.onnx'),
      '--passes',
      'no-ops,slim',
    );
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(
      /unknown pass "slim"; valid passes: constants, constant-fold, shape-fold, no-ops, chains, pad-into-conv, .*dead-code/,
    );
  }, 60_000);
});
