import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { cspMetaPlugin, DEV_POLICY, PRODUCTION_POLICY, serializePolicy } from './scripts/csp.ts';
import { sampleModelPlugin } from './scripts/sample-model-plugin.ts';

/**
 * Cross-origin isolation (COOP/COEP) lets onnxruntime-web use threads; the CSP (scripts/csp.ts)
 * keeps every request on this origin. Both apply in dev and in `vite preview`, which serves the
 * build as users get it. Headers reach worker scripts too, which a `<meta>` policy cannot.
 */
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [react(), sampleModelPlugin(), cspMetaPlugin()],
  server: { headers: { ...isolation, 'Content-Security-Policy': serializePolicy(DEV_POLICY) } },
  preview: { headers: { ...isolation, 'Content-Security-Policy': serializePolicy(PRODUCTION_POLICY) } },
  worker: { format: 'es' },
  // Pre-bundling moves onnxruntime-web away from its .wasm files (found next to its module), so
  // the dev server serves it as it ships.
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  build: { target: 'es2022', sourcemap: true },
});
