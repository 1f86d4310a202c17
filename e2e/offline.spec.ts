import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, expect, type Page, test } from '@playwright/test';
import { preview } from 'vite';
import { PRODUCTION_POLICY, serializePolicy } from '../scripts/csp.ts';
import { precacheOf } from '../scripts/precache.ts';
import { writeServiceWorker } from '../scripts/service-worker-plugin.ts';
import { buildConvBn } from '../src/fixtures/models.ts';
import { applyAll } from '../src/fusion/index.ts';
import { decodeModel, encodeModel } from '../src/onnx/index.ts';
import { chromiumArgs, chromiumPath } from './chromium.ts';
import { pickFiles, SAMPLE_COUNTS } from './helpers.ts';

/** The build under test, as playwright.config.ts serves it. */
const DIST = resolve(process.env.E2E_DIST ?? 'dist');

/**
 * `vite preview` (with this project's config: COOP/COEP and the CSP as headers) over `dir`, on a
 * free port of its own: each test gets an origin whose server it can stop, which cuts the network
 * for real, and a folder it can replace with a new build.
 */
async function serve(
  dir: string,
  { headers = true }: { headers?: boolean } = {},
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = await preview({
    // Without this project's config, `vite preview` is a static host that sends no headers.
    configFile: headers ? resolve('vite.config.ts') : false,
    logLevel: 'warn',
    build: { outDir: dir },
    preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false },
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not say where it listens');
  let open = true;
  return {
    url,
    close: async () => {
      if (open) await server.close();
      open = false;
    },
  };
}

/** Every cache of the origin with the paths it holds, sorted. */
function storedFiles(page: Page): Promise<Record<string, string[]>> {
  return page.evaluate(async () => {
    const stored: Record<string, string[]> = {};
    for (const name of await caches.keys()) {
      const keys = await (await caches.open(name)).keys();
      stored[name] = keys.map((request) => new URL(request.url).pathname).sort();
    }
    return stored;
  });
}

const asPaths = (files: readonly string[]) => files.map((file) => `/${file}`).sort();

/** Opens the app at `url` and waits for the sample, then for the service worker to say it stored the app. */
async function firstVisit(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByRole('status')).toHaveText(SAMPLE_COUNTS);
  await expect(page.getByTestId('offline-notice')).toHaveText(/Ready to work offline/, { timeout: 30_000 });
  expect(await page.evaluate(() => navigator.serviceWorker.controller?.state)).toBe('activated');
}

test('after one visit, the app opens, fuses, compares on two threads and downloads with the network off', async ({
  page,
  context,
}) => {
  test.setTimeout(120_000);
  const server = await serve(DIST);
  try {
    await firstVisit(page, server.url);
    // The cache is complete: every file of the build, the runtime's WebAssembly among them.
    const precache = precacheOf(DIST);
    expect(precache.files.some((file) => /^assets\/ort-wasm-[\w.-]+\.wasm$/.test(file))).toBe(true);
    expect(await storedFiles(page)).toEqual({ [`bnfold-${precache.build}`]: asPaths(precache.files) });

    // No network at all: the server is gone and the browser is offline.
    await server.close();
    await context.setOffline(true);
    const failed: string[] = [];
    page.on('requestfailed', (request) => failed.push(`${request.url()} ${request.failure()?.errorText}`));
    const response = await page.reload();
    expect(response?.fromServiceWorker()).toBe(true);
    const headers = response?.headers() ?? {};
    expect(headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(headers['cross-origin-embedder-policy']).toBe('require-corp');
    expect(headers['content-security-policy']).toBe(serializePolicy(PRODUCTION_POLICY));
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    await expect(page.getByRole('status')).toHaveText(SAMPLE_COUNTS);

    const original = encodeModel(buildConvBn({ bias: false, seed: 13 }));
    await pickFiles(page, [{ name: 'offline.onnx', bytes: original }]);
    await expect(page.getByRole('heading', { name: 'offline.onnx' })).toBeVisible();
    await expect(page.getByRole('status')).toHaveText('1 fusible · 0 blocked · 0 fused');
    await page.getByRole('button', { name: 'Fuse all' }).click();
    await expect(page.getByRole('status')).toHaveText('0 fusible · 0 blocked · 1 fused');

    // Compare on two threads: onnxruntime-web's WebAssembly and thread workers come from the
    // cache, and threads need the page to stay cross-origin isolated.
    await page.getByRole('button', { name: 'Compare', exact: true }).click();
    const verify = page.getByRole('region', { name: 'Verify' });
    await verify.getByLabel('Threads', { exact: true }).fill('2');
    await verify.getByRole('button', { name: 'Run comparison' }).click();
    await expect(verify).toContainText('Ran on WASM, 2 threads', { timeout: 60_000 });
    const table = page.getByRole('table', { name: 'Comparison' });
    for (const cell of await table.locator('tbody td:last-child').all()) await expect(cell).toHaveText('pass');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('offline.fused.onnx');
    // The page's fused model is byte for byte the core's fusion of the same file.
    const downloaded = new Uint8Array(readFileSync(await download.path()));
    expect(Buffer.from(downloaded).equals(Buffer.from(encodeModel(applyAll(decodeModel(original)).model)))).toBe(true);
    expect(failed).toEqual([]);
  } finally {
    await context.setOffline(false);
    await server.close();
  }
});

test('a new build replaces the stored one on the next visit, and the page says so', async ({ page, context }) => {
  test.setTimeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), 'bnfold-offline-'));
  cpSync(DIST, dir, { recursive: true });
  const server = await serve(dir);
  try {
    await firstVisit(page, server.url);
    const first = precacheOf(dir);

    // A second build is deployed to the same address: its page differs, and its service worker is
    // built over it the way `vite build` builds it.
    const marker = '<meta name="bnfold-e2e-build" content="second" />';
    const indexPath = join(dir, 'index.html');
    writeFileSync(indexPath, readFileSync(indexPath, 'utf8').replace('</head>', `  ${marker}\n  </head>`));
    const second = await writeServiceWorker(dir);
    expect(second.build).not.toBe(first.build);

    // The next visit runs the new build, the new service worker stores it and takes over, and the
    // page says so.
    await page.close();
    const next = await context.newPage();
    await next.goto(server.url);
    await expect(next.locator('meta[name="bnfold-e2e-build"]')).toHaveAttribute('content', 'second');
    await expect(next.getByTestId('offline-notice')).toHaveText(/Updated to the new version/, { timeout: 30_000 });
    // The new worker takes control as its activation starts, and deletes the old build's cache in it.
    await expect.poll(() => storedFiles(next)).toEqual({ [`bnfold-${second.build}`]: asPaths(second.files) });

    // Offline, the stored copy is the new build, and there is nothing new to say.
    await server.close();
    await context.setOffline(true);
    await next.reload();
    await expect(next.getByRole('status')).toHaveText(SAMPLE_COUNTS);
    await expect(next.locator('meta[name="bnfold-e2e-build"]')).toHaveAttribute('content', 'second');
    expect(await next.evaluate(() => crossOriginIsolated)).toBe(true);
    await expect(next.getByTestId('offline-notice')).toHaveText('');
  } finally {
    await context.setOffline(false);
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('on a host that sends no headers, the service worker adds isolation and the policy from the second visit on', async ({
  page,
}) => {
  const server = await serve(DIST, { headers: false });
  try {
    const first = await page.goto(server.url);
    expect(first?.headers()['cross-origin-embedder-policy']).toBeUndefined();
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
    await expect(page.getByTestId('offline-notice')).toHaveText(/Ready to work offline/, { timeout: 30_000 });

    const second = await page.reload();
    expect(second?.fromServiceWorker()).toBe(true);
    expect(second?.headers()['content-security-policy']).toBe(serializePolicy(PRODUCTION_POLICY));
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    await expect(page.getByRole('status')).toHaveText(SAMPLE_COUNTS);
    // Workers take their policy from their own response: the model worker's off-origin fetch is refused.
    const worker = page.workers().find((w) => /\/assets\/model\.worker-[\w-]+\.js$/.test(w.url()));
    const fetched = await worker?.evaluate(() =>
      fetch('http://192.0.2.1/collect').then(
        () => 'reached',
        () => 'refused',
      ),
    );
    expect(fetched).toBe('refused');
  } finally {
    await server.close();
  }
});

test('the page is installable: a manifest with icons, served under the policy', async ({ baseURL }) => {
  // Playwright's usual contexts are incognito, where nothing installs: a profile of its own.
  const profile = mkdtempSync(join(tmpdir(), 'bnfold-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    args: chromiumArgs(),
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const policy: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) policy.push(message.text());
    });
    await page.goto(baseURL ?? '');
    await expect(page.getByRole('status')).toHaveText(SAMPLE_COUNTS);
    const cdp = await context.newCDPSession(page);
    const manifest = (await cdp.send('Page.getAppManifest')) as { url: string; errors: unknown[]; data?: string };
    expect(manifest.url).toMatch(/\/manifest\.webmanifest$/);
    expect(manifest.errors).toEqual([]);
    expect(JSON.parse(manifest.data ?? '{}')).toMatchObject({ short_name: 'bnfold', display: 'standalone' });
    const installability = async () =>
      ((await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: unknown[] }).installabilityErrors;
    await expect.poll(installability).toEqual([]);
    expect(policy).toEqual([]);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});
