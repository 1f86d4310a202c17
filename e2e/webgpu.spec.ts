import { expect, test } from '@playwright/test';
import { buildConvBn } from '../src/fixtures/models.ts';
import { encodeModel } from '../src/onnx/index.ts';
import { chromiumArgs, chromiumPath } from './chromium.ts';
import { openApp, pickFiles } from './helpers.ts';

// Headless Chromium offers a (software, SwiftShader) WebGPU adapter only with this flag: slow, but
// enough to drive the WebGPU path end to end on a small model.
test.use({ launchOptions: { executablePath: chromiumPath, args: chromiumArgs('unsafe-webgpu') } });

test('runs the comparison on WebGPU when an adapter exists, and says so', async ({ page }) => {
  await openApp(page);
  await pickFiles(page, [{ name: 'small.onnx', bytes: encodeModel(buildConvBn({ groups: 2 })) }]);
  await page.getByRole('button', { name: 'Fuse all' }).click();
  await expect(page.getByRole('status')).toHaveText('0 fusible · 0 blocked · 1 fused');
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  const verify = page.getByRole('region', { name: 'Verify' });
  await expect(verify.getByRole('table', { name: 'Comparison' })).toBeVisible({ timeout: 60_000 });
  const provider = verify.getByLabel('Provider', { exact: true });
  const webgpu = provider.locator('option[value="webgpu"]');
  test.skip(await webgpu.isDisabled(), 'this Chromium offers no WebGPU adapter');
  await provider.selectOption('webgpu');
  await verify.getByLabel('Timed runs', { exact: true }).fill('3');
  await verify.getByRole('button', { name: 'Run comparison' }).click();
  await expect(verify).toContainText('Ran on WebGPU', { timeout: 120_000 });
  for (const cell of await verify.getByRole('table', { name: 'Comparison' }).locator('tbody td:last-child').all()) {
    await expect(cell).toHaveText('pass');
  }
});
