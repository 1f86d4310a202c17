/**
 * `npm run bench`: decode and encode speed and memory of the ONNX core, and fuse-all time, on a
 * ~100 MB fixture and on the real PaddleOCR models. Each case runs in a child process of its own.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { REAL_MODEL_FILES } from '../test/helpers/real-models.ts';

interface Row {
  model: string;
  sizeMB: number;
  decodeMs: number;
  encodeMs: number;
  decodeMBps: number;
  encodeMBps: number;
  baselineRssMB: number;
  peakRssMB: number;
}

const cases: [string, string][] = [['fixture', '100'], ...REAL_MODEL_FILES.map((f): [string, string] => ['real', f])];
const caseScript = join(import.meta.dirname, 'codec-case.ts');
const rows: Row[] = cases.map(([kind, arg]) => {
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', caseScript, kind, arg], {
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').at(-1) as string) as Row;
});

const f = (n: number, digits = 1) => n.toFixed(digits);
console.log('\nONNX core: decode / encode (median of 7 runs; memory is the process RSS)\n');
console.log('| model | size MB | decode ms | decode MB/s | encode ms | encode MB/s | RSS before MB | peak RSS MB |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(
    `| ${r.model} | ${f(r.sizeMB)} | ${f(r.decodeMs)} | ${f(r.decodeMBps, 0)} | ${f(r.encodeMs)} | ${f(r.encodeMBps, 0)} | ${f(r.baselineRssMB, 0)} | ${f(r.peakRssMB, 0)} |`,
  );
}
const heavy = rows[0] as Row;
console.log(
  `\ntargets on the weight-heavy model: decode >= 1000 MB/s (${f(heavy.decodeMBps, 0)}), encode >= 300 MB/s (${f(heavy.encodeMBps, 0)})`,
);

interface FuseRow {
  model: string;
  sizeMB: number;
  nodes: number;
  applied: number;
  findMs: number;
  fuseMs: number;
  encodeMs: number;
  totalMs: number;
}

const fuseScript = join(import.meta.dirname, 'fuse-case.ts');
const fuseRows: FuseRow[] = cases.map(([kind, arg]) => {
  const out = execFileSync(process.execPath, ['--import', 'tsx', fuseScript, kind, arg], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').at(-1) as string) as FuseRow;
});
console.log('\nFusion: find, fuse-all (including clean-up) and encode (median of 5 runs)\n');
console.log('| model | size MB | nodes | fusions | find ms | fuse-all ms | encode ms | fuse-all + encode ms |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const r of fuseRows) {
  console.log(
    `| ${r.model} | ${f(r.sizeMB)} | ${r.nodes} | ${r.applied} | ${f(r.findMs)} | ${f(r.fuseMs)} | ${f(r.encodeMs)} | ${f(r.totalMs)} |`,
  );
}
console.log(`\ntarget on the weight-heavy model: fuse-all + encode < 300 ms (${f((fuseRows[0] as FuseRow).totalMs)})`);
