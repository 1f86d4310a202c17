import { describe, expect, it } from 'vitest';
import { buildIfConvBn } from '../../src/fixtures/fusion-models.ts';
import { buildMobileNetLike } from '../../src/fixtures/layout-models.ts';
import { buildConvBn, buildResNetLike } from '../../src/fixtures/models.ts';
import {
  buildControlFlowShapes,
  buildDynamicAttention,
  buildDynamicBatchCnn,
} from '../../src/fixtures/shape-models.ts';
import { decodeModel, encodeModel } from '../../src/onnx/index.ts';
import type { ModelProto } from '../../src/onnx/types.ts';
import { type Dim, inferShapes } from '../../src/optimize/shape/index.ts';
import { randomFeeds, runModel } from '../helpers/ort.ts';
import { readRealModel } from '../helpers/real-models.ts';

interface Tally {
  values: number;
  unknownRank: number;
  symbolic: number;
}

/**
 * Every value of the main graph made a graph output (typed as inference says: onnxruntime refuses
 * a wrong element type), run at two sizes, and each inferred dim compared with what onnxruntime
 * produced: a number must be the size; a symbol must stand for one size wherever it appears.
 */
async function judge(model: ModelProto, sizes: Record<string, readonly number[]>[]): Promise<Tally> {
  const shapes = inferShapes(model).graphs.get('main');
  if (!shapes || !model.graph) throw new Error('no main graph');
  const outputs = new Set((model.graph.output ?? []).map((o) => o.name));
  const probed = model.graph.node?.flatMap((n) => n.output ?? []).filter((name) => name && !outputs.has(name)) ?? [];
  const tally: Tally = { values: 0, unknownRank: 0, symbolic: 0 };
  const extended = decodeModel(encodeModel(model));
  if (!extended.graph) throw new Error('no graph');
  extended.graph.output = [
    ...(extended.graph.output ?? []),
    ...probed.map((name) => ({ name, type: { tensorType: { elemType: shapes.get(name)?.elemType ?? 0 } } })),
  ];
  const bytes = encodeModel(extended);
  for (const inputs of sizes) {
    const actual = await runModel(bytes, randomFeeds(bytes, 1, { inputs }));
    const symbols = new Map<string, number>();
    for (const [name, out] of Object.entries(actual)) {
      const inferred = shapes.get(name);
      expect(inferred, name).toBeDefined();
      const dims = inferred?.dims;
      if (!dims) continue;
      expect(dims.length, `rank of ${name}`).toBe(out.dims.length);
      dims.forEach((d: Dim, i) => {
        const size = out.dims[i] as number;
        if (typeof d === 'number') expect(d, `${name}[${i}]`).toBe(size);
        else {
          const seen = symbols.get(d);
          if (seen === undefined) symbols.set(d, size);
          else expect(`${name}[${i}] = ${size}`).toBe(`${name}[${i}] = ${seen}`);
        }
      });
    }
  }
  for (const name of [...probed, ...outputs]) {
    const dims = shapes.get(name ?? '')?.dims;
    tally.values++;
    if (!dims) tally.unknownRank++;
    else if (dims.some((d) => typeof d === 'string')) tally.symbolic++;
  }
  return tally;
}

describe('inferred shapes agree with onnxruntime-node', () => {
  it.each<[string, Record<string, readonly number[]>[]]>([
    ['ch_ppocr_mobile_v2.0_cls_infer.onnx', [{ x: [1, 3, 48, 192] }, { x: [2, 3, 48, 160] }]],
    ['ch_PP-OCRv4_det_infer.onnx', [{ x: [1, 3, 64, 96] }, { x: [2, 3, 96, 64] }]],
    ['ch_PP-OCRv4_rec_infer.onnx', [{ x: [1, 3, 48, 160] }, { x: [2, 3, 48, 320] }]],
  ] as const)(
    '%s: every value has a known rank',
    async (file, sizes) => {
      const tally = await judge(decodeModel(readRealModel(file)), sizes);
      expect(tally.unknownRank).toBe(0);
    },
    120_000,
  );

  it.each<[string, () => ModelProto, Record<string, readonly number[]>[]]>([
    ['dynamic-batch CNN', () => buildDynamicBatchCnn(), [{ x: [1, 3, 32, 32] }, { x: [3, 3, 32, 32] }]],
    ['dynamic attention', () => buildDynamicAttention(), [{ tokens: [1, 5, 16] }, { tokens: [2, 7, 16] }]],
    ['If and Loop bodies', () => buildControlFlowShapes(), [{ x: [1, 4] }, { x: [3, 4] }]],
    ['conv-bn', () => buildConvBn(), [{}]],
    ['resnet-like', () => buildResNetLike(), [{}]],
    ['mobilenet-like', () => buildMobileNetLike(), [{}]],
    ['If with Conv→BN', () => buildIfConvBn(), [{}]],
  ])('%s', async (_, build, sizes) => {
    const tally = await judge(build(), sizes);
    expect(tally.unknownRank).toBe(0);
  });
});
