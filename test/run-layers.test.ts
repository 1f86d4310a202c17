import * as ortNode from 'onnxruntime-node';
import type * as OrtWeb from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { randomFeeds } from '../src/cli/ort-runner.ts';
import { progressText } from '../src/compare/progress.ts';
import { ELEMENTWISE } from '../src/compare/stats.ts';
import { buildFoldPair } from '../src/fixtures/broken-fold.ts';
import { encodeModel } from '../src/onnx/index.ts';
import type { LayersRequest } from '../src/runtime/layers-protocol.ts';
import { runLayers } from '../src/runtime/run-layers.ts';

// The page's layer loop is written against onnxruntime-web's API, which onnxruntime-node shares.
const ort = ortNode as unknown as typeof OrtWeb;

function request(
  broken: boolean,
  maxValues: number,
): { request: LayersRequest; pair: ReturnType<typeof buildFoldPair> } {
  const pair = buildFoldPair({ broken });
  const original = encodeModel(pair.original);
  const feeds = randomFeeds(original, 3);
  return {
    pair,
    request: {
      kind: 'layers',
      original: { model: new Blob([original]), externalData: [] },
      fused: { model: new Blob([encodeModel(pair.fused)]), externalData: [] },
      inputs: Object.entries(feeds).map(([name, f]) => ({ name, type: f.type, dims: [...f.dims], data: f.data })),
      provider: 'cpu' as never,
      threads: 1,
      spec: { tolerance: { atol: 1e-4, rtol: 1e-3 }, mode: ELEMENTWISE },
      limits: { maxBytes: 2 ** 30, maxValues },
    },
  };
}

describe('runLayers on onnxruntime', () => {
  it('runs chunk by chunk with progress, and names the BN folded without its mean', async () => {
    const { request: r, pair } = request(true, 5);
    const seen: string[] = [];
    const report = await runLayers(ort, r, (p) => seen.push(progressText(p)));
    expect(seen[0]).toBe('reading the models');
    expect(seen.length - 1).toBe(report.chunks);
    expect(seen.at(-1)).toBe(`comparing layers ${report.chunks}/${report.chunks}`);
    expect(report.chunks).toBe(Math.ceil((report.compared.length + report.skipped.length) / 5));
    expect(report.firstDivergence?.name).toBe(pair.brokenValue);
    expect(report.firstDivergence?.fused.name).toBe(pair.brokenConv);
    // Statistics cross the worker boundary as plain data: nothing there is the size of a tensor.
    expect(JSON.stringify(report).length).toBeLessThan(400_000);
  });

  it('with every layer right, no divergence', async () => {
    const { request: r } = request(false, 64);
    const report = await runLayers(ort, r, () => {});
    expect(report.firstDivergence).toBeUndefined();
    expect(report.compared.length).toBeGreaterThan(10);
  });
});
