/**
 * Fuse-all plus encode on one model, in its own process. Prints one JSON line: median times of
 * find, fuse-all (which re-finds) and encode, over several runs.
 */
import { buildWeightHeavy } from '../src/fixtures/models.ts';
import { applyAll, findFusions } from '../src/fusion/index.ts';
import { decodeModel, encodeModel } from '../src/onnx/index.ts';
import { readRealModel } from '../test/helpers/real-models.ts';

const RUNS = 5;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

const [, , kind, arg] = process.argv;
const bytes = kind === 'real' ? readRealModel(arg as string) : encodeModel(buildWeightHeavy(Number(arg)));
const model = decodeModel(bytes);
const find: number[] = [];
const fuse: number[] = [];
const encode: number[] = [];
let applied = 0;
for (let run = 0; run < RUNS; run++) {
  let t = performance.now();
  findFusions(model);
  find.push(performance.now() - t);
  t = performance.now();
  const result = applyAll(model);
  fuse.push(performance.now() - t);
  applied = result.record.applied.length;
  t = performance.now();
  encodeModel(result.model);
  encode.push(performance.now() - t);
}
console.log(
  JSON.stringify({
    model: kind === 'real' ? arg : `weight-heavy ${arg} MB (fixture)`,
    sizeMB: bytes.length / 1e6,
    nodes: model.graph?.node?.length ?? 0,
    applied,
    findMs: median(find),
    fuseMs: median(fuse),
    encodeMs: median(encode),
    totalMs: median(fuse.map((f, i) => f + (encode[i] as number))),
  }),
);
