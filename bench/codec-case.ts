/**
 * One benchmark case in its own process, so that its peak memory is its own. Prints one JSON
 * line: decode and encode times (median of several runs), throughput and peak RSS.
 */
import { buildWeightHeavy } from '../src/fixtures/models.ts';
import { decodeModel, encodeModel } from '../src/onnx/index.ts';
import { readRealModel } from '../test/helpers/real-models.ts';

const RUNS = 7;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function rssMB(): number {
  return process.memoryUsage().rss / 1e6;
}

const [, , kind, arg] = process.argv;
const bytes = kind === 'real' ? readRealModel(arg as string) : encodeModel(buildWeightHeavy(Number(arg)));
globalThis.gc?.();
const baselineMB = rssMB();

const decodeMs: number[] = [];
const encodeMs: number[] = [];
let peakMB = baselineMB;
for (let run = 0; run < RUNS; run++) {
  let started = performance.now();
  const model = decodeModel(bytes);
  decodeMs.push(performance.now() - started);
  peakMB = Math.max(peakMB, rssMB());
  started = performance.now();
  const out = encodeModel(model);
  encodeMs.push(performance.now() - started);
  peakMB = Math.max(peakMB, rssMB());
  if (out.length === 0) throw new Error('empty output');
}

const mb = bytes.length / 1e6;
console.log(
  JSON.stringify({
    model: kind === 'real' ? arg : `weight-heavy ${arg} MB (fixture)`,
    sizeMB: mb,
    decodeMs: median(decodeMs),
    encodeMs: median(encodeMs),
    decodeMBps: mb / (median(decodeMs) / 1000),
    encodeMBps: mb / (median(encodeMs) / 1000),
    baselineRssMB: baselineMB,
    peakRssMB: peakMB,
    maxRssMB: process.resourceUsage().maxRSS / 1000,
  }),
);
