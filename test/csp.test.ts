import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type Rollup } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import {
  cspMetaPlugin,
  DEV_POLICY,
  injectPolicyMeta,
  META_POLICY,
  type Policy,
  PRODUCTION_POLICY,
  serializePolicy,
} from '../scripts/csp.ts';

/** Sources that name no other host: keywords and schemes whose content is already on the machine. */
const LOCAL_SOURCES = new Set(["'self'", "'none'", "'unsafe-inline'", "'wasm-unsafe-eval'", 'data:', 'blob:']);

const sources = (policy: Policy) => Object.values(policy).flat();

describe('the Content-Security-Policy', () => {
  it('lets the production build reach its own origin only, and run no eval', () => {
    expect(sources(PRODUCTION_POLICY).filter((s) => !LOCAL_SOURCES.has(s))).toEqual([]);
    expect(PRODUCTION_POLICY['default-src']).toEqual(["'none'"]);
    expect(PRODUCTION_POLICY['script-src']).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    // manifest-src: installing the app reads its manifest (default-src 'none' would refuse it).
    for (const directive of ['worker-src', 'connect-src', 'manifest-src']) {
      expect(PRODUCTION_POLICY[directive]).toEqual(["'self'"]);
    }
    for (const directive of ['object-src', 'base-uri', 'form-action', 'frame-ancestors']) {
      expect(PRODUCTION_POLICY[directive]).toEqual(["'none'"]);
    }
  });

  it('never allows eval or inline scripts outside the dev server', () => {
    for (const policy of [PRODUCTION_POLICY, META_POLICY, DEV_POLICY]) {
      expect(sources(policy)).not.toContain("'unsafe-eval'");
    }
    expect(PRODUCTION_POLICY['script-src']).not.toContain("'unsafe-inline'");
  });

  it('in a meta tag, is the production policy less frame-ancestors (which a meta tag cannot carry)', () => {
    const { 'frame-ancestors': _ignored, ...rest } = PRODUCTION_POLICY;
    expect(META_POLICY).toEqual(rest);
  });

  it('on the dev server, adds only the inline refresh preamble and the loopback HMR websocket', () => {
    const changed = Object.keys(DEV_POLICY).filter(
      (d) => serializePolicy({ [d]: DEV_POLICY[d] ?? [] }) !== serializePolicy({ [d]: PRODUCTION_POLICY[d] ?? [] }),
    );
    expect(changed.sort()).toEqual(['connect-src', 'script-src']);
    expect(DEV_POLICY['script-src']).toEqual(["'self'", "'wasm-unsafe-eval'", "'unsafe-inline'"]);
    expect(DEV_POLICY['connect-src']).toEqual(["'self'", 'ws://localhost:*', 'ws://127.0.0.1:*']);
  });

  it('serializes as the header and meta value', () => {
    expect(serializePolicy({ 'default-src': ["'none'"], 'img-src': ["'self'", 'data:'] })).toBe(
      "default-src 'none'; img-src 'self' data:",
    );
  });
});

describe('injectPolicyMeta', () => {
  const policy: Policy = { 'default-src': ["'none'"] };
  const tag = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'" />`;

  it('goes right after <meta charset>, ahead of scripts', () => {
    const html = '<html><head><meta charset="UTF-8" /><script src="/a.js"></script></head></html>';
    expect(injectPolicyMeta(html, policy)).toBe(
      `<html><head><meta charset="UTF-8" />\n    ${tag}<script src="/a.js"></script></head></html>`,
    );
  });

  it('opens <head> when there is no charset, and refuses a document without a head', () => {
    expect(injectPolicyMeta('<head lang="en"><script></script></head>', policy)).toBe(
      `<head lang="en">\n    ${tag}<script></script></head>`,
    );
    expect(() => injectPolicyMeta('<body></body>', policy)).toThrow(/no <head>/);
  });

  it('refuses a source that would break out of the attribute', () => {
    expect(() => injectPolicyMeta('<head></head>', { 'img-src': ['"><script>'] })).toThrow(/double quote/);
  });
});

describe('cspMetaPlugin in a Vite build', () => {
  const root = mkdtempSync(join(tmpdir(), 'bnfold-csp-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('writes the meta policy into the built index.html ahead of the scripts Vite adds', async () => {
    writeFileSync(
      join(root, 'index.html'),
      '<!doctype html><html><head><meta charset="UTF-8" /><title>t</title></head>' +
        '<body><script type="module" src="./main.js"></script></body></html>',
    );
    writeFileSync(join(root, 'main.js'), 'document.title = "built";\n');
    const output = (await build({
      root,
      configFile: false,
      logLevel: 'silent',
      plugins: [cspMetaPlugin()],
      build: { write: false },
    })) as Rollup.RollupOutput;
    const page = output.output.find((file) => file.fileName === 'index.html');
    const html = page?.type === 'asset' ? String(page.source) : '';
    const meta = `<meta http-equiv="Content-Security-Policy" content="${serializePolicy(META_POLICY)}" />`;
    expect(html).toContain(meta);
    expect(html.indexOf(meta)).toBeLessThan(html.indexOf('<script'));
    expect(html.indexOf('<script')).toBeGreaterThan(0);
  });

  it('stays out of the dev server, whose inline preamble the production policy would refuse', () => {
    expect(cspMetaPlugin().apply).toBe('build');
  });
});
