import { expect, type Page } from '@playwright/test';

export const SAMPLE_COUNTS = '7 fusible · 1 blocked · 0 fused';

/** Opens the app and waits for the sample model. */
export async function openApp(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByRole('status')).toHaveText(SAMPLE_COUNTS);
}

/** Picks files through the "Open model" control. */
export async function pickFiles(page: Page, files: { name: string; bytes: Uint8Array }[]): Promise<void> {
  await page
    .getByLabel('Open model')
    .setInputFiles(
      files.map((f) => ({ name: f.name, mimeType: 'application/octet-stream', buffer: Buffer.from(f.bytes) })),
    );
}

/** Drops files on the page the way a browser does: dragenter, dragover, drop with a DataTransfer. */
export async function dropFiles(page: Page, files: { name: string; bytes: Uint8Array }[]): Promise<void> {
  const payload = files.map((f) => ({ name: f.name, data: Array.from(f.bytes) }));
  const dataTransfer = await page.evaluateHandle((items) => {
    const transfer = new DataTransfer();
    for (const item of items) transfer.items.add(new File([new Uint8Array(item.data)], item.name));
    return transfer;
  }, payload);
  for (const type of ['dragenter', 'dragover', 'drop']) await page.dispatchEvent('body', type, { dataTransfer });
}

/**
 * Answers "yes" to the next question the page asks: opening another model over unsaved changes
 * asks first (the tests that do so on purpose say so).
 */
export function acceptNextDialog(page: Page): void {
  page.once('dialog', (dialog) => void dialog.accept());
}

/**
 * Where a picture for the docs goes: the committed docs/NAME with E2E_DOCS_SCREENSHOTS=1, else the
 * test's own output folder, so that an ordinary run leaves the checkout unchanged.
 */
export function docsScreenshot(testInfo: import('@playwright/test').TestInfo, name: string): string {
  return process.env.E2E_DOCS_SCREENSHOTS ? `docs/${name}` : testInfo.outputPath(name);
}
