import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { cspMetaPlugin, DEV_POLICY, PRODUCTION_POLICY, serializePolicy } from './scripts/csp.ts';
import { sampleModelPlugin } from './scripts/sample-model-plugin.ts';
import { serviceWorkerPlugin } from './scripts/service-worker-plugin.ts';
import { ISOLATION_HEADERS } from './src/service-worker/headers.ts';

/**
 * Cross-origin isolation (COOP/COEP) lets onnxruntime-web use threads; the CSP (scripts/csp.ts)
 * keeps every request on this origin. Both apply in dev and in `vite preview`, which serves the
 * build as users get it. Headers reach worker scripts too, which a `<meta>` policy cannot. The
 * service worker adds them again where a host sends none (src/service-worker/headers.ts).
 */
export default defineConfig({
  // The service worker (offline use) is written last, over the finished build.
  plugins: [react(), sampleModelPlugin(), cspMetaPlugin(), serviceWorkerPlugin()],
  server: { headers: { ...ISOLATION_HEADERS, 'Content-Security-Policy': serializePolicy(DEV_POLICY) } },
  preview: { headers: { ...ISOLATION_HEADERS, 'Content-Security-Policy': serializePolicy(PRODUCTION_POLICY) } },
  worker: { format: 'es' },
  // Pre-bundling moves onnxruntime-web away from its .wasm files (found next to its module), so
  // the dev server serves it as it ships.
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  build: { target: 'es2022', sourcemap: true },
});
