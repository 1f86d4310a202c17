/**
 * `bnfold optimize` on the three PaddleOCR models, the resnet50-sized fixture, a torch.onnx export
 * with a dynamic batch (ShuffleNetV2, mostly shape arithmetic) and the ~100 MB weight-heavy fixture, each run a fresh process of the built CLI (median of BENCH_ROUNDS
 * alternated rounds), with main-graph node counts before and after; side by side with onnxslim
 * (../shared/tools/onnxslim/run.sh, Debian's python3-onnx and python3-sympy) when it can run,
 * else a note says why and its columns stay empty. On resnet50, `optimize` against `fuse` in
 * back-to-back pairs (BENCH_RATIO_PAIRS): the target is at most 1.5×. Needs `npm run build:lib` first (the bench script
 * runs it).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildWeightHeavy } from '../src/fixtures/models.ts';
import { buildResNet50Like } from '../src/fixtures/resnet50.ts';
import { buildTorchShuffleNetV2 } from '../src/fixtures/torch-dynamic.ts';
import { decodeModel, encodeModel } from '../src/onnx/index.ts';
import { REAL_MODEL_FILES, realModelPath } from '../test/helpers/real-models.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
/** Back-to-back fuse/optimize pairs on resnet50 for the ratio. */
const RATIO_PAIRS = Number(process.env.BENCH_RATIO_PAIRS ?? 9);
const root = join(import.meta.dirname, '..');
const cli = join(root, 'bin', 'bnfold.mjs');
const onnxslim = join(root, '..', 'shared', 'tools', 'onnxslim', 'run.sh');
const dir = join(tmpdir(), 'bnfold-optimize-bench');

/** Wall time of one run, spawn to exit, in ms; undefined (with the reason) when it fails. */
function timeRun(argv: string[]): { ms: number } | { error: string } {
  const started = process.hrtime.bigint();
  const run = spawnSync(argv[0] as string, argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.error) return { error: run.error.message };
  if (run.status !== 0) return { error: `exit ${run.status}: ${run.stderr.toString().trim().split('\n').at(-1)}` };
  return { ms };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const nodesOf = (path: string) => decodeModel(new Uint8Array(readFileSync(path))).graph?.node?.length ?? 0;

if (!existsSync(join(root, 'lib', 'cli.js'))) throw new Error('the CLI is not built: npm run build:lib');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });

const models: { name: string; path: string }[] = REAL_MODEL_FILES.map((file) => ({
  name: file,
  path: realModelPath(file),
}));
for (const [name, build] of [
  ['resnet50-like (fixture)', () => buildResNet50Like()],
  ['shufflenet_v2-torch-dynamic-batch (fixture)', () => buildTorchShuffleNetV2()],
  ['weight-heavy 100 MB (fixture)', () => buildWeightHeavy(100)],
] as const) {
  const path = join(dir, `${name.split(' ')[0]}.onnx`);
  writeFileSync(path, encodeModel(build()));
  models.push({ name, path });
}
const resnet = models.find((m) => m.name.startsWith('resnet50')) as { name: string; path: string };

/** Whether onnxslim runs here: the probe converts the smallest model once. */
const probe = existsSync(onnxslim) ? timeRun([onnxslim, models[0]?.path ?? '', join(dir, 'probe.onnx')]) : undefined;
const slimNote = !probe
  ? `onnxslim skipped: ${onnxslim} is not there`
  : 'error' in probe
    ? `onnxslim skipped: ${probe.error} (it needs Debian's python3-onnx, python3-sympy, python3-colorama and python3-packaging)`
    : undefined;

interface Command {
  key: string;
  argv: string[];
}
const commands: Command[] = models.flatMap((m, i) => [
  { key: `optimize ${i}`, argv: [process.execPath, cli, 'optimize', m.path, '-o', join(dir, `optimized-${i}.onnx`)] },
  ...(slimNote ? [] : [{ key: `onnxslim ${i}`, argv: [onnxslim, m.path, join(dir, `slim-${i}.onnx`)] }]),
]);

const times = new Map<string, number[]>(commands.map((c) => [c.key, []]));
const failures = new Map<string, string>();
for (let round = 0; round < ROUNDS; round++) {
  // Each round in another order, so no command always runs right after the same one.
  const order = commands.map((_, i) => commands[(i + round) % commands.length] as Command);
  for (const command of order) {
    if (failures.has(command.key)) continue;
    const result = timeRun(command.argv);
    if ('error' in result) failures.set(command.key, result.error);
    else times.get(command.key)?.push(result.ms);
  }
}
const ms = (key: string) => (failures.has(key) ? undefined : median(times.get(key) ?? []));
const f = (n: number | undefined, digits = 0) => (n === undefined ? '—' : n.toFixed(digits));
const nodesIfThere = (path: string) => (existsSync(path) ? nodesOf(path) : undefined);

console.log(`\nbnfold optimize against onnxslim, each run a new process (median of ${ROUNDS} alternated rounds)\n`);
console.log('| model | size MB | nodes | optimize ms | nodes after | onnxslim ms | onnxslim nodes |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
models.forEach((m, i) => {
  console.log(
    `| ${m.name} | ${f(statSync(m.path).size / 1e6, 1)} | ${nodesOf(m.path)} | ${f(ms(`optimize ${i}`))} | ${f(nodesIfThere(join(dir, `optimized-${i}.onnx`)))} | ${f(ms(`onnxslim ${i}`))} | ${f(slimNote ? undefined : nodesIfThere(join(dir, `slim-${i}.onnx`)))} |`,
  );
});
// optimize against fuse on resnet50: back to back in pairs (order alternating), so both runs of
// a pair see the same load on a shared machine; the median of the pairs' ratios.
const pairs: { fuse: number; optimize: number }[] = [];
const fuseArgv = [process.execPath, cli, 'fuse', resnet.path, '-o', join(dir, 'fused.onnx')];
const optimizeArgv = [process.execPath, cli, 'optimize', resnet.path, '-o', join(dir, 'optimized-resnet.onnx')];
for (let pair = 0; pair < RATIO_PAIRS; pair++) {
  const first = pair % 2 === 0 ? fuseArgv : optimizeArgv;
  const a = timeRun(first);
  const b = timeRun(first === fuseArgv ? optimizeArgv : fuseArgv);
  if ('error' in a || 'error' in b)
    throw new Error(`resnet50 pair failed: ${'error' in a ? a.error : ''} ${'error' in b ? b.error : ''}`);
  pairs.push(first === fuseArgv ? { fuse: a.ms, optimize: b.ms } : { fuse: b.ms, optimize: a.ms });
}
const ratio = median(pairs.map((p) => p.optimize / p.fuse));
console.log(
  `\nresnet50-like, ${RATIO_PAIRS} back-to-back pairs: optimize ${f(median(pairs.map((p) => p.optimize)))} ms, fuse ${f(median(pairs.map((p) => p.fuse)))} ms, median ratio ${f(ratio, 2)} (target ≤ 1.5${ratio > 1.5 ? ': MISSED' : ''})`,
);
if (slimNote) console.log(`\n(${slimNote})`);
for (const [key, error] of failures) console.log(`\n${key} failed: ${error}`);
rmSync(dir, { recursive: true, force: true });
