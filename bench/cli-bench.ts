/**
 * The built CLI against its floors, each command a fresh process, alternated round by round so
 * that a busy machine slows all of them alike; medians over the rounds, reported as ratios:
 * - `bnfold fuse` of a resnet50-sized model (25.6 M parameters, 53 Conv→BN pairs) against python's
 *   `onnx.load` + `onnx.save` of the same file (skipped, with a note, without python3-onnx) and
 *   against `cp` of the file;
 * - `bnfold inspect` of a tiny model against `node -e 0` (start-up).
 * Needs `npm run build:lib` first (the bench script runs it). BENCH_BASELINE_CLI=path/to/bnfold.mjs
 * adds another build's `fuse` to the same rounds (before/after figures from one run).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildConvBn } from '../src/fixtures/models.ts';
import { buildResNet50Like } from '../src/fixtures/resnet50.ts';
import { encodeModel } from '../src/onnx/index.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const root = join(import.meta.dirname, '..');
const cli = join(root, 'bin', 'bnfold.mjs');
const dir = join(tmpdir(), 'bnfold-cli-bench');

interface Command {
  name: string;
  argv: string[];
}

/** The first python that has onnx: PATH's python3 may be another install than Debian's python3-onnx. */
function pythonWithOnnx(): string | undefined {
  for (const python of ['python3', '/usr/bin/python3']) {
    const probe = spawnSync(python, ['-c', 'import onnx'], { stdio: 'ignore' });
    if (probe.status === 0) return python;
  }
  return undefined;
}

/** Wall time of one run of `argv`, from spawn to exit, in ms. */
function timeRun({ name, argv }: Command): number {
  const started = process.hrtime.bigint();
  const run = spawnSync(argv[0] as string, argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.status !== 0) throw new Error(`${name} failed (${run.status}): ${run.stderr.toString()}`);
  return ms;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

if (!existsSync(join(root, 'lib', 'cli.js'))) throw new Error('the CLI is not built: npm run build:lib');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const model = join(dir, 'resnet50-like.onnx');
const tiny = join(dir, 'tiny.onnx');
writeFileSync(model, encodeModel(buildResNet50Like()));
writeFileSync(tiny, encodeModel(buildConvBn()));
const python = pythonWithOnnx();
const saveScript = 'import sys, onnx\nonnx.save(onnx.load(sys.argv[1]), sys.argv[2])';

const baseline = process.env.BENCH_BASELINE_CLI;
const commands: Command[] = [
  { name: 'fuse', argv: [process.execPath, cli, 'fuse', model, '-o', join(dir, 'fused.onnx')] },
  ...(baseline
    ? [{ name: 'baseline', argv: [process.execPath, baseline, 'fuse', model, '-o', join(dir, 'baseline.onnx')] }]
    : []),
  { name: 'cp', argv: ['cp', model, join(dir, 'copy.onnx')] },
  ...(python ? [{ name: 'python', argv: [python, '-c', saveScript, model, join(dir, 'python.onnx')] }] : []),
  { name: 'inspect', argv: [process.execPath, cli, 'inspect', tiny] },
  { name: 'node', argv: [process.execPath, '-e', '0'] },
];
const times = new Map<string, number[]>(commands.map((c) => [c.name, []]));
for (let round = 0; round < ROUNDS; round++) {
  // Each round in another order, so no command always runs right after the same one.
  const order = commands.map((_, i) => commands[(i + round) % commands.length] as Command);
  for (const command of order) times.get(command.name)?.push(timeRun(command));
}
const ms = (name: string) => median(times.get(name) ?? []);
const f = (n: number, digits = 0) => n.toFixed(digits);
const sizeMB = statSync(model).size / 1e6;

console.log(`\nThe built CLI, each run a new process (median of ${ROUNDS} alternated rounds)\n`);
console.log('| measure | ms | against | ms | ratio | target |');
console.log('|---|---:|---|---:|---:|---|');
if (python) {
  console.log(
    `| bnfold fuse, resnet50-like ${f(sizeMB, 1)} MB | ${f(ms('fuse'))} | python onnx.load + onnx.save | ${f(ms('python'))} | ${f(ms('fuse') / ms('python'), 2)} | ≤ 1.0 |`,
  );
}
console.log(
  `| bnfold fuse, resnet50-like ${f(sizeMB, 1)} MB | ${f(ms('fuse'))} | cp of the file | ${f(ms('cp'))} | ${f(ms('fuse') / ms('cp'), 2)} | ≤ 4 (aim) |`,
);
console.log(
  `| bnfold inspect, tiny model | ${f(ms('inspect'))} | node -e 0 | ${f(ms('node'))} | ${f(ms('inspect') / ms('node'), 2)} | ≤ 3 |`,
);
if (baseline) {
  const rows: [string, string][] = [
    ['python', 'python onnx.load + onnx.save'],
    ['cp', 'cp of the file'],
  ];
  for (const [name, what] of rows.filter(([name]) => times.get(name))) {
    console.log(
      `| baseline bnfold fuse (${baseline}) | ${f(ms('baseline'))} | ${what} | ${f(ms(name))} | ${f(ms('baseline') / ms(name), 2)} | |`,
    );
  }
}
if (!python) {
  console.log('\n(python onnx.load + onnx.save skipped: no python3 with onnx; apt-get install python3-onnx)');
}
console.log(`\nruns (ms): ${[...times].map(([name, v]) => `${name} ${v.map((t) => f(t)).join('/')}`).join('; ')}`);
rmSync(dir, { recursive: true, force: true });
