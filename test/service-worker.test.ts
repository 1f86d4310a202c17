import { describe, expect, it } from 'vitest';
import { describeTakeover } from '../src/offline/takeover.ts';
import { appHeaders, withAppHeaders } from '../src/service-worker/headers.ts';
import { routeOf } from '../src/service-worker/routes.ts';

const POLICY = "default-src 'none'";
const SCOPE = 'https://example.test/bnfold/';

describe('withAppHeaders', () => {
  it('adds COOP, COEP and the policy to a response that has none, keeping body, status and other headers', async () => {
    const plain = new Response('wasm bytes', {
      status: 200,
      statusText: 'OK',
      headers: { 'Content-Type': 'application/wasm' },
    });
    const served = withAppHeaders(plain, POLICY);
    expect(served.headers.get('Cross-Origin-Opener-Policy')).toBe('same-origin');
    expect(served.headers.get('Cross-Origin-Embedder-Policy')).toBe('require-corp');
    expect(served.headers.get('Content-Security-Policy')).toBe(POLICY);
    expect(served.headers.get('Content-Type')).toBe('application/wasm');
    expect([served.status, served.statusText]).toEqual([200, 'OK']);
    expect(await served.text()).toBe('wasm bytes');
  });

  it("keeps the host's own headers, and the very response when nothing is missing", () => {
    const complete = new Response('', { headers: { ...appHeaders("default-src 'self'") } });
    expect(withAppHeaders(complete, POLICY)).toBe(complete);
    const partial = withAppHeaders(new Response('', { headers: { 'Content-Security-Policy': 'sandbox' } }), POLICY);
    expect(partial.headers.get('Content-Security-Policy')).toBe('sandbox');
    expect(partial.headers.get('Cross-Origin-Embedder-Policy')).toBe('require-corp');
  });
});

describe('routeOf', () => {
  const get = (url: string, mode = 'cors') => ({ method: 'GET', mode, url });
  it('opens the app from the network first for a navigation to the scope or its index.html', () => {
    expect(routeOf(get(SCOPE, 'navigate'), SCOPE)).toBe('app');
    expect(routeOf(get(`${SCOPE}index.html`, 'navigate'), SCOPE)).toBe('app');
    expect(routeOf(get(`${SCOPE}?model=x`, 'navigate'), SCOPE)).toBe('app');
  });

  it("serves the build's other files from the cache, navigations to them included", () => {
    expect(routeOf(get(`${SCOPE}assets/ort-wasm-simd-threaded.jsep-x.wasm`), SCOPE)).toBe('file');
    expect(routeOf(get(`${SCOPE}index.html`), SCOPE)).toBe('file');
    expect(routeOf(get(`${SCOPE}sample.onnx`, 'navigate'), SCOPE)).toBe('file');
  });

  it('leaves other methods, other origins and paths outside the scope to the browser', () => {
    expect(routeOf({ method: 'POST', mode: 'cors', url: SCOPE }, SCOPE)).toBe('pass');
    expect(routeOf({ method: 'HEAD', mode: 'cors', url: `${SCOPE}sample.onnx` }, SCOPE)).toBe('pass');
    expect(routeOf(get('https://elsewhere.test/bnfold/', 'navigate'), SCOPE)).toBe('pass');
    expect(routeOf(get('https://example.test/other/', 'navigate'), SCOPE)).toBe('pass');
    expect(routeOf(get('https://example.test/bnfold'), SCOPE)).toBe('pass');
  });
});

describe('describeTakeover', () => {
  const entry = `${SCOPE}assets/index-NEW.js`;
  it('is the first install when no worker controlled the page before', () => {
    expect(describeTakeover(false, ['assets/index-NEW.js'], SCOPE, entry)).toEqual({ kind: 'ready' });
  });

  it("says the page is the new version when the new build holds the page's entry script", () => {
    expect(describeTakeover(true, ['assets/index-NEW.js', 'index.html'], SCOPE, entry)).toEqual({ kind: 'updated' });
  });

  it('asks for a reload when the page is an older build than the one now stored, or the worker did not say', () => {
    expect(describeTakeover(true, ['assets/index-NEWER.js'], SCOPE, entry)).toEqual({ kind: 'reload' });
    expect(describeTakeover(true, undefined, SCOPE, entry)).toEqual({ kind: 'reload' });
  });
});
