import type { Plugin } from 'vite';

/** A Content-Security-Policy as directive → sources, serialized by {@link serializePolicy}. */
export type Policy = Readonly<Record<string, readonly string[]>>;

/**
 * What the built app may load: scripts, workers, WebAssembly and fetches from its own origin and
 * nothing else, so a model (or anything in the page) cannot be sent anywhere. Every source is a
 * keyword or a local scheme; there is no host in it.
 */
export const PRODUCTION_POLICY: Policy = {
  // Whatever a directive below does not name is refused (manifests, media, frames, …).
  'default-src': ["'none'"],
  // Our own bundles. 'wasm-unsafe-eval' lets onnxruntime-web compile its .wasm; it does not allow
  // eval() or new Function, so any bundled code that tried them would fail here.
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  // The model worker, the runtime worker, and onnxruntime-web's threads: its bundled build starts
  // them with new Worker(new URL(import.meta.url)), i.e. from its own chunk under /assets/, never
  // from a blob: URL (it makes blob: workers only for a proxy worker or a cross-origin script
  // path, and we use neither), so blob: is not allowed.
  'worker-src': ["'self'"],
  // /sample.onnx and onnxruntime-web's .wasm, fetched next to its chunk. Opened models are read
  // from File objects and pictures decoded with createImageBitmap, neither of which fetches.
  'connect-src': ["'self'"],
  // Local images only (the favicon; data:/blob: images never leave the machine).
  'img-src': ["'self'", 'data:', 'blob:'],
  // React Flow positions every node, edge label and the viewport with inline style attributes,
  // and React sets style={…} props the same way; both need 'unsafe-inline' for styles (an inline
  // style cannot fetch or run anything: url() in it is still bound by img-src and font-src).
  'style-src': ["'self'", "'unsafe-inline'"],
  'font-src': ["'self'"],
  // The web app manifest (installing the app), which default-src 'none' would refuse.
  'manifest-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  // No one may frame the app (clickjacking). Honoured only in a header, see META_POLICY.
  'frame-ancestors': ["'none'"],
};

/**
 * The production policy as a `<meta>` tag carries it, for static hosts that send no headers:
 * browsers ignore frame-ancestors there (and warn about it), so it is left out. A meta policy
 * covers the document only; workers take their policy from their own response headers.
 */
export const META_POLICY: Policy = Object.fromEntries(
  Object.entries(PRODUCTION_POLICY).filter(([directive]) => directive !== 'frame-ancestors'),
);

/**
 * The dev server's policy: the production one, relaxed only where Vite's dev mode needs it.
 * plugin-react injects its React-refresh preamble as an inline `<script type="module">`, so
 * script-src gains 'unsafe-inline'; Vite's client keeps a websocket to the dev server for hot
 * updates, which connect-src allows on this machine's loopback names.
 */
export const DEV_POLICY: Policy = {
  ...PRODUCTION_POLICY,
  'script-src': [...(PRODUCTION_POLICY['script-src'] ?? []), "'unsafe-inline'"],
  'connect-src': [...(PRODUCTION_POLICY['connect-src'] ?? []), 'ws://localhost:*', 'ws://127.0.0.1:*'],
};

/** `directive source source; directive …`, the header and meta value. */
export function serializePolicy(policy: Policy): string {
  return Object.entries(policy)
    .map(([directive, sources]) => [directive, ...sources].join(' '))
    .join('; ');
}

/**
 * Puts `policy` into an HTML document as `<meta http-equiv="Content-Security-Policy">`, right after
 * `<meta charset>` (which should stay first) or else at the start of `<head>`, in either case
 * ahead of every script. Throws when the document has no `<head>`: shipping without the policy
 * must fail the build, not pass silently.
 */
export function injectPolicyMeta(html: string, policy: Policy): string {
  const content = serializePolicy(policy);
  if (content.includes('"')) throw new Error('a CSP source cannot contain a double quote');
  const tag = `<meta http-equiv="Content-Security-Policy" content="${content}" />`;
  const anchor = /<meta\s+charset=[^>]*>/i.exec(html) ?? /<head(\s[^>]*)?>/i.exec(html);
  if (!anchor) throw new Error('index.html has no <head> to hold the Content-Security-Policy');
  const at = anchor.index + anchor[0].length;
  return `${html.slice(0, at)}\n    ${tag}${html.slice(at)}`;
}

/**
 * Writes META_POLICY into the built index.html, so the policy holds wherever dist/ is served.
 * Build only: the dev server sends DEV_POLICY as a header, and its inline React-refresh preamble
 * would be refused by the production policy.
 */
export function cspMetaPlugin(): Plugin {
  return {
    name: 'bnfold-csp-meta',
    apply: 'build',
    transformIndexHtml: (html) => injectPolicyMeta(html, META_POLICY),
  };
}
