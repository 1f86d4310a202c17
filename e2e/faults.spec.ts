import { expect, type Page, test, type Worker } from '@playwright/test';
import { buildLargeChain } from '../src/fixtures/large-models.ts';
import { buildConvBn } from '../src/fixtures/models.ts';
import { encodeModel } from '../src/onnx/index.ts';
import { acceptNextDialog, openApp, pickFiles, SAMPLE_COUNTS } from './helpers.ts';

/**
 * Makes the model worker die (an uncaught error, as when it runs out of memory) instead of
 * answering its next request of `kind`'s answer: the request is in flight when the worker goes.
 */
async function crashOnNextAnswer(page: Page, answer: 'snapshot' | 'files'): Promise<Worker> {
  const worker = page.workers().find((w) => w.url().includes('model.worker'));
  if (!worker) throw new Error('no model worker');
  await worker.evaluate((kind) => {
    const scope = self as unknown as { postMessage: (m: { kind: string }, t?: Transferable[]) => void };
    const post = scope.postMessage.bind(scope);
    scope.postMessage = (m, t) => {
      if (m.kind !== kind) {
        post(m, t ?? []);
        return;
      }
      setTimeout(() => {
        throw new Error('simulated out of memory');
      }, 0);
    };
  }, answer);
  return worker;
}

async function expectRestored(page: Page, counts: string): Promise<void> {
  await expect(page.getByRole('alert')).toContainText('The model worker stopped');
  await expect(page.getByRole('alert')).toContainText('simulated out of memory');
  await expect(page.getByRole('status')).toHaveText(counts);
}

test('the worker dies during a fusion: reported, restarted, the last good model and its history kept', async ({
  page,
}) => {
  await openApp(page);
  await page
    .getByRole('button', { name: /^Fuse conv-bn:/ })
    .first()
    .click();
  await expect(page.getByRole('status')).toHaveText('6 fusible · 1 blocked · 1 fused');
  await crashOnNextAnswer(page, 'snapshot');
  await page.getByRole('button', { name: 'Fuse all' }).click();
  await expectRestored(page, '6 fusible · 1 blocked · 1 fused');
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('status')).toHaveText(SAMPLE_COUNTS);
  // The restarted worker does the same action.
  await page.getByRole('button', { name: 'Fuse all' }).click();
  await expect(page.getByRole('status')).toHaveText('0 fusible · 1 blocked · 7 fused');
});

test('the worker dies while loading another model: the open model and its fusions stay', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Fuse all' }).click();
  await expect(page.getByRole('status')).toHaveText('0 fusible · 1 blocked · 7 fused');
  await crashOnNextAnswer(page, 'snapshot');
  acceptNextDialog(page);
  await pickFiles(page, [{ name: 'other.onnx', bytes: encodeModel(buildConvBn()) }]);
  await expectRestored(page, '0 fusible · 1 blocked · 7 fused');
  await expect(page.getByRole('heading', { name: 'sample.onnx' })).toBeVisible();
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('status')).toHaveText(SAMPLE_COUNTS);
});

test('the worker dies while laying out an opened group, and while preparing a download', async ({ page }) => {
  await openApp(page);
  await pickFiles(page, [{ name: 'chain.onnx', bytes: encodeModel(buildLargeChain(2000)) }]);
  await expect(page.getByRole('status')).toHaveText('500 fusible · 0 blocked · 0 fused');
  await page
    .getByRole('button', { name: /^Fuse conv-bn:/ })
    .first()
    .click();
  await expect(page.getByRole('status')).toHaveText('499 fusible · 0 blocked · 1 fused');
  await crashOnNextAnswer(page, 'snapshot');
  await page.getByTestId('group-node').filter({ hasText: 'stage1' }).first().dblclick();
  await expectRestored(page, '499 fusible · 0 blocked · 1 fused');
  await page.getByRole('button', { name: 'Dismiss error' }).click();
  await crashOnNextAnswer(page, 'files');
  await page.getByRole('button', { name: 'Download' }).click();
  await expectRestored(page, '499 fusible · 0 blocked · 1 fused');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('chain.fused.onnx');
});

test('the runtime worker dies during a comparison: the error is shown, the graph and the next run work', async ({
  page,
}) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Fuse all' }).click();
  await expect(page.getByRole('status')).toHaveText('0 fusible · 1 blocked · 7 fused');
  // Every runtime worker started from now on dies shortly after it starts (the panel's provider
  // probe may end before that; the comparison's worker is busy loading models).
  const kill = (worker: Worker) => {
    if (!worker.url().includes('runtime.worker')) return;
    worker
      .evaluate(() => {
        setTimeout(() => {
          throw new Error('simulated out of memory in onnxruntime');
        }, 200);
      })
      .catch(() => {});
  };
  page.on('worker', kill);
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  const verify = page.getByRole('region', { name: 'Verify' });
  await expect(verify).toContainText('The runtime worker crashed', { timeout: 30_000 });
  page.off('worker', kill);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('status')).toHaveText(SAMPLE_COUNTS);
  await verify.getByRole('button', { name: 'Run comparison' }).click();
  await expect(verify.getByRole('table', { name: 'Comparison' })).toBeVisible({ timeout: 60_000 });
});

test('the worker dies after an optimize step: the mixed history of fusions and optimize is replayed', async ({
  page,
}) => {
  await openApp(page);
  await page
    .getByRole('button', { name: /^Fuse conv-bn:/ })
    .first()
    .click();
  await expect(page.getByRole('status')).toHaveText('6 fusible · 1 blocked · 1 fused');
  await page.getByRole('button', { name: 'Optimize all' }).click();
  await expect(page.getByRole('status')).toHaveText('0 fusible · 1 blocked · 7 fused');
  const report = page.getByRole('region', { name: 'Optimize summary' });
  const headline = await report.locator('.optimize-headline').textContent();
  await crashOnNextAnswer(page, 'snapshot');
  await page.getByRole('button', { name: 'Tidy layout' }).click();
  await expectRestored(page, '0 fusible · 1 blocked · 7 fused');
  // The optimize step was run again: its summary is back, with the same figures.
  await expect(report.locator('.optimize-headline')).toHaveText(headline ?? '');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('sample.optimized.onnx');
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('status')).toHaveText('6 fusible · 1 blocked · 1 fused');
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('status')).toHaveText(SAMPLE_COUNTS);
});
