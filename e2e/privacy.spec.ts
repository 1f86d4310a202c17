import { readFileSync } from 'node:fs';
import { expect, type Page, type Request, test } from '@playwright/test';
import { META_POLICY, PRODUCTION_POLICY, serializePolicy } from '../scripts/csp.ts';
import { buildConvBn } from '../src/fixtures/models.ts';
import { decodeModel, encodeModel } from '../src/onnx/index.ts';
import { openApp, pickFiles, SAMPLE_COUNTS } from './helpers.ts';

/** An address reserved for documentation (TEST-NET-1, RFC 5737): never routable, so never reached. */
const OFF_ORIGIN = 'http://192.0.2.1';

interface Violation {
  directive: string;
  blockedURI: string;
  /** The policy that refused it: the header's or the meta tag's (both are enforced). */
  policy: string;
}

/**
 * Records securitypolicyviolation events in the document from before its first script, and CSP
 * messages on the console of the page and of every worker (violations inside a worker fire on the
 * worker's own scope, which the document listener does not see).
 */
async function watchPolicy(page: Page): Promise<{ violations: () => Promise<Violation[]>; messages: string[] }> {
  await page.addInitScript(() => {
    const seen: { directive: string; blockedURI: string; policy: string }[] = [];
    Object.assign(window, { __cspViolations: seen });
    document.addEventListener('securitypolicyviolation', (event) =>
      seen.push({ directive: event.effectiveDirective, blockedURI: event.blockedURI, policy: event.originalPolicy }),
    );
  });
  const messages: string[] = [];
  const onText = (text: string) => {
    if (/Content Security Policy/i.test(text)) messages.push(text);
  };
  page.on('console', (message) => onText(message.text()));
  page.on('worker', (worker) => worker.on('console', (message) => onText(message.text())));
  return {
    messages,
    violations: () => page.evaluate(() => (window as unknown as { __cspViolations: Violation[] }).__cspViolations),
  };
}

/** Whether a URL stays on the machine: this origin, or a data:/blob: URL (blob: URLs carry their creator's origin). */
function isLocal(url: string, origin: string): boolean {
  if (url.startsWith('data:')) return true;
  return new URL(url).origin === origin;
}

test('a full cycle (sample, open, fuse all, compare on 1 and 2 threads, download) requests nothing off this origin', async ({
  page,
  context,
  baseURL,
}, testInfo) => {
  const origin = new URL(baseURL ?? '').origin;
  // The page's requests and the context's (which also sees worker-initiated ones); one Request
  // object can reach both listeners, so they are kept in a set.
  const requests = new Set<Request>();
  page.on('request', (request) => requests.add(request));
  context.on('request', (request) => requests.add(request));
  const policy = await watchPolicy(page);

  await openApp(page);
  await pickFiles(page, [{ name: 'privacy.onnx', bytes: encodeModel(buildConvBn()) }]);
  await expect(page.getByRole('heading', { name: 'privacy.onnx' })).toBeVisible();
  await expect(page.getByRole('status')).toHaveText('1 fusible · 0 blocked · 0 fused');
  await page.getByRole('button', { name: 'Fuse all' }).click();
  await expect(page.getByRole('status')).toHaveText('0 fusible · 0 blocked · 1 fused');
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  const table = page.getByRole('table', { name: 'Comparison' });
  await expect(table).toBeVisible({ timeout: 60_000 });
  for (const cell of await table.locator('tbody td:last-child').all()) await expect(cell).toHaveText('pass');
  // Again on two threads, so that onnxruntime-web's thread workers are started and recorded too.
  const verify = page.getByRole('region', { name: 'Verify' });
  await verify.getByLabel('Threads', { exact: true }).fill('2');
  await verify.getByRole('button', { name: 'Run comparison' }).click();
  await expect(verify).toContainText('Ran on WASM, 2 threads', { timeout: 60_000 });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('privacy.fused.onnx');
  const fused = decodeModel(new Uint8Array(readFileSync(await download.path())));
  expect((fused.graph?.node ?? []).filter((n) => n.opType === 'BatchNormalization')).toHaveLength(0);

  const recorded = [...requests].map((r) => ({ method: r.method(), type: r.resourceType(), url: r.url() }));
  const listing = recorded.map((r) => `${r.method} ${r.type.padEnd(10)} ${r.url}`).join('\n');
  console.log(`${recorded.length} requests during the cycle:\n${listing}`);
  await testInfo.attach('requests', { body: listing, contentType: 'text/plain' });

  // The recording is not blind: it holds the sample, the workers' scripts and onnxruntime's
  // .wasm, which only the runtime worker fetches.
  const paths = recorded.map((r) => (r.url.startsWith('http') ? new URL(r.url).pathname : r.url));
  expect(paths).toContain('/sample.onnx');
  expect(paths.some((p) => /\/assets\/model\.worker-[\w-]+\.js$/.test(p))).toBe(true);
  expect(paths.some((p) => /\/assets\/runtime\.worker-[\w-]+\.js$/.test(p))).toBe(true);
  expect(paths.some((p) => /\/assets\/ort-wasm-[\w.-]+\.wasm$/.test(p))).toBe(true);

  expect(recorded.filter((r) => !isLocal(r.url, origin))).toEqual([]);
  expect(await policy.violations()).toEqual([]);
  expect(policy.messages).toEqual([]);
});

test('the policy is sent and bites: off-origin fetch, image, worker and eval are refused', async ({ page }) => {
  const policy = await watchPolicy(page);
  const response = await page.goto('/');
  await expect(page.getByRole('status')).toHaveText(SAMPLE_COUNTS);

  // `vite preview` sends the production policy as a header, frame-ancestors included.
  const header = response?.headers()['content-security-policy'] ?? '';
  expect(header).toBe(serializePolicy(PRODUCTION_POLICY));
  for (const directive of ["default-src 'none'", "connect-src 'self'", "frame-ancestors 'none'"]) {
    expect(header).toContain(directive);
  }
  expect(header).not.toContain("'unsafe-eval'");
  // The built page carries it too, for hosts that send no headers.
  expect(
    await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content', { timeout: 1_000 }),
  ).toBe(serializePolicy(META_POLICY));

  const outcome = await page.evaluate(async (offOrigin) => {
    const fetched = await fetch(`${offOrigin}/collect`).then(
      () => 'reached',
      (error: unknown) => (error instanceof TypeError ? 'refused' : String(error)),
    );
    const image = await new Promise<string>((resolve) => {
      const img = document.createElement('img');
      img.onload = () => resolve('loaded');
      img.onerror = () => resolve('refused');
      img.src = `${offOrigin}/pixel.png`;
      document.body.append(img);
    });
    let evaluated: string;
    try {
      // biome-ignore lint/security/noGlobalEval: proving that the policy refuses it is the point.
      evaluated = String(globalThis.eval('1 + 1'));
    } catch (error) {
      evaluated = error instanceof EvalError ? 'refused' : String(error);
    }
    const source = URL.createObjectURL(new Blob(['postMessage(1)'], { type: 'text/javascript' }));
    const worker = await new Promise<string>((resolve) => {
      try {
        const w = new Worker(source);
        w.onmessage = () => resolve('ran');
        w.onerror = () => resolve('refused');
      } catch {
        resolve('refused');
      }
    });
    return { fetched, image, evaluated, worker };
  }, OFF_ORIGIN);
  expect(outcome).toEqual({ fetched: 'refused', image: 'refused', evaluated: 'refused', worker: 'refused' });

  // Each is refused twice, once by each policy: the header's and the meta tag's.
  const expected = [
    { directive: 'connect-src', blockedURI: `${OFF_ORIGIN}/collect` },
    { directive: 'img-src', blockedURI: `${OFF_ORIGIN}/pixel.png` },
    { directive: 'script-src', blockedURI: 'eval' },
    { directive: 'worker-src', blockedURI: 'blob' },
  ].flatMap((v) => [header, serializePolicy(META_POLICY)].map((policy) => ({ ...v, policy })));
  const order = (list: Violation[]) =>
    [...list].sort((a, b) => `${a.directive} ${a.policy}`.localeCompare(`${b.directive} ${b.policy}`));
  await expect.poll(async () => order(await policy.violations())).toEqual(order(expected));
});

test('the model worker runs under the policy too (from its response header)', async ({ page }) => {
  await openApp(page);
  const worker = page.workers().find((w) => /\/assets\/model\.worker-[\w-]+\.js$/.test(w.url()));
  expect(
    worker,
    page
      .workers()
      .map((w) => w.url())
      .join(', '),
  ).toBeDefined();
  const outcome = await worker?.evaluate(async (offOrigin) => {
    const violations: string[] = [];
    self.addEventListener('securitypolicyviolation', (event) => violations.push(event.effectiveDirective));
    const fetched = await fetch(`${offOrigin}/collect`).then(
      () => 'reached',
      (error: unknown) => (error instanceof TypeError ? 'refused' : String(error)),
    );
    // The event is queued after the fetch rejects.
    await new Promise((resolve) => setTimeout(resolve, 100));
    return { fetched, violations };
  }, OFF_ORIGIN);
  expect(outcome).toEqual({ fetched: 'refused', violations: ['connect-src'] });
});

test('the built index.html carries the policy ahead of every script', () => {
  const html = readFileSync(new URL(`../${process.env.E2E_DIST ?? 'dist'}/index.html`, import.meta.url), 'utf8');
  const meta = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)"/);
  expect(meta?.[1]).toBe(serializePolicy(META_POLICY));
  expect(html.indexOf('http-equiv="Content-Security-Policy"')).toBeLessThan(html.indexOf('<script'));
  expect(html.indexOf('<meta charset')).toBeLessThan(html.indexOf('http-equiv="Content-Security-Policy"'));
});
