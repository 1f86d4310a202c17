import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as ortWeb from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultTolerance, diffOutputs } from '../src/compare/diff.ts';
import { decodeModel, encodeModel } from '../src/onnx/index.ts';
import { optimize } from '../src/optimize/index.ts';
import { type Feeds, outputValues, randomFeeds, runModel } from './helpers/ort.ts';
import { REAL_MODEL_FILES, readRealModel } from './helpers/real-models.ts';

/**
 * The optimized PaddleOCR models in onnxruntime-web, the runtime the page and most browser users
 * have: its WASM backend runs under Node when pointed at the .wasm files in its package (one
 * thread: no worker threads or cross-origin isolation needed). Each optimized model is loaded
 * from its bytes and run on the same seeded inputs as the original in onnxruntime-node; the
 * outputs agree within the tolerance the verify step uses. A model onnxruntime-web refuses
 * (an op or opset its kernels lack, a malformed node) fails here though onnxruntime-node runs it.
 */
beforeAll(() => {
  const require = createRequire(import.meta.url);
  // The package's entry lives in its dist/, beside the .wasm files.
  const dist = dirname(require.resolve('onnxruntime-web'));
  ortWeb.env.wasm.wasmPaths = pathToFileURL(`${dist}/`).href;
  ortWeb.env.wasm.numThreads = 1;
});

async function runWeb(bytes: Uint8Array, feeds: Feeds): Promise<Record<string, ortWeb.Tensor>> {
  const session = await ortWeb.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
  try {
    const inputs: Record<string, ortWeb.Tensor> = {};
    for (const [name, f] of Object.entries(feeds))
      inputs[name] = new ortWeb.Tensor(f.type as 'float32', f.data as Float32Array, [...f.dims]);
    return await session.run(inputs);
  } finally {
    await session.release();
  }
}

describe('optimized PaddleOCR models in onnxruntime-web (WASM, under Node)', () => {
  it.each(REAL_MODEL_FILES)(
    '%s: loads and agrees with the original in onnxruntime-node',
    async (file) => {
      const original = readRealModel(file);
      const optimized = encodeModel(optimize(decodeModel(original)).model);
      const feeds = randomFeeds(original, 1);
      const [reference, web] = await Promise.all([runModel(original, feeds), runWeb(optimized, feeds)]);
      expect(Object.keys(web).sort()).toEqual(Object.keys(reference).sort());
      for (const [name, expected] of Object.entries(reference)) {
        const actual = web[name] as ortWeb.Tensor;
        expect(actual.dims).toEqual(expected.dims);
        const diff = diffOutputs(
          outputValues(expected),
          Float64Array.from(actual.data as Float32Array),
          defaultTolerance('float32'),
        );
        expect(diff.verdict, `${file} ${name}`).toBe('pass');
      }
    },
    120_000,
  );
});
