/**
 * Cross-origin isolation: onnxruntime-web needs it for threads (SharedArrayBuffer). The dev and
 * preview servers send these too (vite.config.ts).
 */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * The headers the app depends on, added to every response the service worker hands out (from its
 * cache or from the network) where the server did not send them:
 * - COOP/COEP make the page cross-origin isolated, which onnxruntime-web needs for threads. A
 *   response served from a service worker counts only with the headers it carries itself, so a
 *   response that lost them would turn isolation (and threads) off offline.
 * - The Content-Security-Policy: the document also holds it in a `<meta>` tag, but workers take
 *   their policy from their own response headers only.
 * Headers the server did send are kept as they are: the host's word wins.
 */
export function appHeaders(policy: string): Readonly<Record<string, string>> {
  return { ...ISOLATION_HEADERS, 'Content-Security-Policy': policy };
}

/** `response`, or a copy of it with the missing app headers added (same body, status and other headers). */
export function withAppHeaders(response: Response, policy: string): Response {
  const missing = Object.entries(appHeaders(policy)).filter(([name]) => !response.headers.has(name));
  if (missing.length === 0) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of missing) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
