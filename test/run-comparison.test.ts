import * as ortNode from 'onnxruntime-node';
import type * as OrtWeb from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { planInputs } from '../src/compare/plan.ts';
import { progressText } from '../src/compare/progress.ts';
import { buildResNetLike } from '../src/fixtures/models.ts';
import { applyAll } from '../src/fusion/index.ts';
import { halfFloats } from '../src/onnx/float16.ts';
import { encodeModel, summarizeModel } from '../src/onnx/index.ts';
import type { CompareRequest } from '../src/runtime/protocol.ts';
import { runComparison } from '../src/runtime/run-comparison.ts';

// The comparison loop is written against onnxruntime-web's API, which onnxruntime-node shares:
// here it runs on the real onnxruntime (its CPU provider), in Node.
const ort = ortNode as unknown as typeof OrtWeb;

function request(original: Uint8Array, fused: Uint8Array): CompareRequest {
  const summary = summarizeModel(buildResNetLike());
  const specs = summary.inputs.map((i) => ({ name: i.name, elemType: i.elemType ?? 0, dims: i.dims }));
  return {
    kind: 'compare',
    original: { model: new Blob([original.slice()]), externalData: [] },
    fused: { model: new Blob([fused.slice()]), externalData: [] },
    inputs: planInputs(specs, { seed: 7, inputScale: 1, half: halfFloats() }),
    provider: 'cpu' as never,
    threads: 1,
    optimization: { original: 'disabled', fused: 'disabled' },
    warmup: 1,
    runs: 5,
  };
}

describe('runComparison on onnxruntime', () => {
  const original = encodeModel(buildResNetLike());
  const fused = encodeModel(applyAll(buildResNetLike()).model);

  it('runs both models, interleaved, and returns both outputs', async () => {
    const result = await runComparison(ort, request(original, fused), () => {});
    expect(result.failed).toBeUndefined();
    expect(result.latency.original).toHaveLength(5);
    expect(result.latency.fused).toHaveLength(5);
    expect(result.outputs.fused.map((o) => o.name)).toEqual(result.outputs.original.map((o) => o.name));
    for (const [i, o] of result.outputs.original.entries()) {
      expect(result.outputs.fused[i]?.data.length).toBe(o.data.length);
    }
  });

  it('counts warm-up runs apart from timed runs: "warming up 1/2", then "timing 1/5" … "timing 5/5"', async () => {
    const seen: string[] = [];
    await runComparison(ort, { ...request(original, fused), warmup: 2 }, (p) => seen.push(progressText(p)));
    expect(seen).toEqual([
      'loading models',
      'warming up 1/2',
      'warming up 2/2',
      'timing 1/5',
      'timing 2/5',
      'timing 3/5',
      'timing 4/5',
      'timing 5/5',
    ]);
  });

  it('models too large to hold both run one after the other, with the same outputs', async () => {
    const together = await runComparison(ort, request(original, fused), () => {});
    const stages: string[] = [];
    const apart = await runComparison(ort, request(original, fused), (p) => stages.push(p.stage), 0);
    expect(together.interleaved).toBe(true);
    expect(apart.interleaved).toBe(false);
    expect(stages.indexOf('loading the fused model')).toBeGreaterThan(stages.indexOf('timing the original model'));
    expect(stages.lastIndexOf('timing the fused model')).toBe(stages.length - 1);
    expect(apart.latency.original).toHaveLength(5);
    expect(apart.latency.fused).toHaveLength(5);
    for (const which of ['original', 'fused'] as const) {
      for (const [i, o] of apart.outputs[which].entries()) {
        expect([...o.data]).toEqual([...(together.outputs[which][i]?.data ?? [])]);
      }
    }
  });

  it('when one model cannot be loaded, the other still runs and the reason comes back', async () => {
    const broken = fused.slice(0, fused.length >> 1);
    const result = await runComparison(ort, request(original, broken), () => {});
    expect(result.failed?.model).toBe('fused');
    expect(result.failed?.message).toMatch(/could not load the fused model/);
    expect(result.latency.original).toHaveLength(5);
    expect(result.latency.fused).toHaveLength(0);
    expect(result.outputs.original.map((o) => o.name)).toEqual(['tap_features', 'logits']);
    expect(result.outputs.original.every((o) => o.data.length > 0)).toBe(true);
    expect(result.outputs.fused).toEqual([]);
  });

  it('a model that loads but cannot run on the inputs is told apart from one that cannot load', async () => {
    // Inputs of the wrong size: both models load, and onnxruntime refuses the run.
    const wrong = request(original, fused);
    const [x] = wrong.inputs;
    if (!x) throw new Error('no input');
    wrong.inputs = [{ ...x, dims: [1, 3, 5, 5], data: new Float32Array(75) }];
    const result = await runComparison(ort, wrong, () => {});
    expect(result.failed?.model).toBe('original');
    expect(result.failed?.stage).toBe('run');
    expect(result.failed?.message).toMatch(/dimensions|shape|Got invalid/i);
    expect(result.outputs.original).toEqual([]);
  });

  it('when neither loads, it fails with both reasons', async () => {
    const junk = new Uint8Array([1, 2, 3]);
    await expect(runComparison(ort, request(junk, junk), () => {})).rejects.toThrow(/original model.*fused model/s);
  });
});
