import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { sampleModelPlugin } from './scripts/sample-model-plugin.ts';

/**
 * Cross-origin isolation (COOP/COEP) lets onnxruntime-web use threads; the CSP keeps every
 * request on this origin. Both apply in dev and in `vite preview`, which serves the build as
 * users get it.
 */
const headers = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [react(), sampleModelPlugin()],
  server: { headers },
  preview: { headers },
  worker: { format: 'es' },
  // Pre-bundling moves onnxruntime-web away from its .wasm files (found next to its module), so
  // the dev server serves it as it ships.
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  build: { target: 'es2022', sourcemap: true },
});
