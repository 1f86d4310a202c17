import type { Plugin } from 'vite';
import { buildResNetLike } from '../src/fixtures/models.ts';
import { encodeModel } from '../src/onnx/index.ts';

/**
 * Serves the bundled sample model at /sample.onnx in dev, and emits it into dist/ at build time.
 * It is built by the fixture builder, so no binary is checked in.
 */
export function sampleModelPlugin(): Plugin {
  let bytes: Uint8Array | undefined;
  const sample = () => {
    bytes ??= encodeModel(buildResNetLike());
    return bytes;
  };
  return {
    name: 'bnfold-sample-model',
    configureServer(server) {
      server.middlewares.use('/sample.onnx', (_req, res) => {
        res.setHeader('Content-Type', 'application/octet-stream');
        res.end(Buffer.from(sample()));
      });
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'sample.onnx', source: sample() });
    },
  };
}
