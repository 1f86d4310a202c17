/**
 * The package as a user gets it: `npm pack` (which builds lib/), installed into an empty folder,
 * then the `bnfold` command and the library import used from there with plain Node, no tsx, no
 * bundler and no onnxruntime-node.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildResNetLike } from '../src/fixtures/models.ts';
import { decodeModel, encodeModel } from '../src/onnx/index.ts';

const exec = promisify(execFile);
const ROOT = join(import.meta.dirname, '..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(command: string, args: string[], cwd: string): Promise<Ran> {
  try {
    const { stdout, stderr } = await exec(command, args, { cwd, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let app: string;
let bin: string;

beforeAll(async () => {
  const packed = mkdtempSync(join(tmpdir(), 'bnfold-pack-'));
  const pack = await run(NPM, ['pack', '--pack-destination', packed, '--json'], ROOT);
  expect(pack.code, pack.stderr).toBe(0);
  const tarball = readdirSync(packed).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error(`npm pack wrote no tarball: ${pack.stderr}`);

  app = mkdtempSync(join(tmpdir(), 'bnfold-app-'));
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'uses-bnfold', private: true, type: 'module' }));
  const install = await run(
    NPM,
    ['install', join(packed, tarball), '--no-audit', '--no-fund', '--prefer-offline', '--omit=peer'],
    app,
  );
  expect(install.code, install.stderr).toBe(0);
  bin = join(app, 'node_modules', '.bin', 'bnfold');
  writeFileSync(join(app, 'net.onnx'), encodeModel(buildResNetLike()));
}, 240_000);

describe('the packed package, installed into an empty folder', () => {
  it('ships built JavaScript and declarations, not TypeScript sources or the app', () => {
    const installed = join(app, 'node_modules', 'bnfold');
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
    expect(manifest.dependencies).not.toHaveProperty('tsx');
    expect(manifest.dependencies).not.toHaveProperty('react');
    expect(manifest.peerDependenciesMeta['onnxruntime-node'].optional).toBe(true);
    expect(readdirSync(installed).sort()).toEqual(['README.md', 'bin', 'lib', 'package.json']);
    // The CLI is one bundled file (it starts faster than sixty modules); the library is modules.
    expect(readdirSync(join(installed, 'lib'))).toEqual(expect.arrayContaining(['cli.js', 'index.js', 'index.d.ts']));
    expect(readdirSync(join(installed, 'lib'))).not.toContain('cli');
    expect(readFileSync(join(installed, 'lib', 'cli.js'), 'utf8')).not.toMatch(/from ["']\.\.?\//);
    expect(readdirSync(join(app, 'node_modules')).filter((m) => m.startsWith('onnxruntime'))).toEqual([]);
  });

  it('runs `bnfold inspect`, `roundtrip` and `fuse` with plain Node', async () => {
    const inspect = await run(bin, ['inspect', 'net.onnx'], app);
    expect(inspect.stderr).toBe('');
    expect(inspect.code).toBe(0);
    expect(inspect.stdout).toMatch(/BatchNormalization 8/);

    const roundtrip = await run(bin, ['roundtrip', 'net.onnx', '-o', 'again.onnx'], app);
    expect(roundtrip.code, roundtrip.stderr).toBe(0);
    expect(readFileSync(join(app, 'again.onnx'))).toEqual(readFileSync(join(app, 'net.onnx')));

    const fuse = await run(bin, ['fuse', 'net.onnx', '-o', 'net.fused.onnx'], app);
    expect(fuse.code, fuse.stderr).toBe(0);
    const fused = decodeModel(readFileSync(join(app, 'net.fused.onnx')));
    expect((fused.graph?.node ?? []).filter((n) => n.opType === 'BatchNormalization')).toHaveLength(1);
  });

  it('says in one line how to get onnxruntime-node when --verify needs it, and exits 2', async () => {
    const verify = await run(bin, ['fuse', 'net.onnx', '-o', 'v.onnx', '--verify'], app);
    expect(verify.code).toBe(2);
    expect(verify.stdout).toBe('');
    expect(verify.stderr).toBe(
      'bnfold: --verify needs onnxruntime-node, which is not installed: run `npm install onnxruntime-node` where bnfold is installed, or leave out --verify\n',
    );
    expect(readdirSync(app)).not.toContain('v.onnx');
    const compare = await run(bin, ['compare', 'net.onnx', 'net.onnx'], app);
    expect({ code: compare.code, stdout: compare.stdout }).toEqual({ code: 2, stdout: '' });
    expect(compare.stderr).toBe(
      'bnfold: bnfold compare runs both models with onnxruntime-node, which is not installed: run `npm install onnxruntime-node` where bnfold is installed\n',
    );
  });

  it('imports as a library in plain Node, with the same results as the sources', async () => {
    writeFileSync(
      join(app, 'use.mjs'),
      [
        "import { readFileSync } from 'node:fs';",
        "import { applyAll, applyEdit, decodeModel, encodeModel, findFusions, optimize } from 'bnfold';",
        "const model = decodeModel(readFileSync('net.onnx'));",
        'const found = findFusions(model);',
        'const { model: fused, record } = applyAll(model);',
        'const bytes = encodeModel(fused);',
        "const renamed = applyEdit(model, new Map(), { op: 'rename', value: model.graph.input[0].name, to: 'pixels' });",
        'const optimized = optimize(model).model;',
        'console.log(JSON.stringify({ fusible: found.filter((c) => !c.blocked).length, applied: record.applied.length, bytes: bytes.length, input: renamed.model.graph.input[0].name, optimizedNodes: optimized.graph.node.length }));',
      ].join('\n'),
    );
    const used = await run(process.execPath, ['use.mjs'], app);
    expect(used.code, used.stderr).toBe(0);
    const { applyAll, findFusions } = await import('../src/fusion/index.ts');
    const { optimize } = await import('../src/optimize/index.ts');
    const model = buildResNetLike();
    expect(JSON.parse(used.stdout)).toEqual({
      fusible: findFusions(model).filter((c) => !c.blocked).length,
      applied: applyAll(model).record.applied.length,
      bytes: encodeModel(applyAll(model).model).length,
      input: 'pixels',
      optimizedNodes: optimize(model).model.graph?.node?.length,
    });
  });

  it('is typed: a TypeScript user of the library typechecks, and a misuse does not', async () => {
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const flags = [
      '--noEmit',
      '--skipLibCheck',
      '--strict',
      '--module',
      'nodenext',
      '--moduleResolution',
      'nodenext',
      '--types',
      'node',
    ];
    writeFileSync(
      join(app, 'good.ts'),
      [
        "import { applyAll, decodeModel, findFusions, type FusionCandidate } from 'bnfold';",
        'const model = decodeModel(new Uint8Array(0));',
        'const first: FusionCandidate | undefined = findFusions(applyAll(model).model)[0];',
        'export const n: number = model.graph?.node?.length ?? 0;',
        'export { first };',
      ].join('\n'),
    );
    writeFileSync(
      join(app, 'bad.ts'),
      "import { decodeModel } from 'bnfold';\nexport const m = decodeModel('not bytes');\n",
    );
    // The folder has no @types/node of its own; borrow the repository's.
    const typeRoots = ['--typeRoots', join(ROOT, 'node_modules', '@types')];
    const good = await run(process.execPath, [tsc, ...flags, ...typeRoots, 'good.ts'], app);
    expect(good.stdout + good.stderr).toBe('');
    const bad = await run(process.execPath, [tsc, ...flags, ...typeRoots, 'bad.ts'], app);
    expect(bad.stdout).toMatch(/bad\.ts\(2,\d+\): error TS2345/);
  });
});
