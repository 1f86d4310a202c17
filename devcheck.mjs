import { chromium } from '@playwright/test';

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
const page = await browser.newPage();
page.on('pageerror', (e) => console.log('pageerror:', e.message));
page.on('console', (m) => {
  if (m.type() === 'error') console.log('console error:', m.text().slice(0, 300));
});
await page.goto('http://localhost:5199/');
await page.getByRole('status').filter({ hasText: 'fusible' }).waitFor({ timeout: 30000 });
console.log('status:', await page.getByRole('status').textContent());
await page.getByRole('button', { name: 'Fuse all' }).click();
await page.getByRole('status').filter({ hasText: '7 fused' }).waitFor({ timeout: 30000 });
await page.getByRole('button', { name: 'Compare' }).click();
await page.waitForTimeout(15000);
console.log('verify:', (await page.getByRole('region', { name: 'Verify' }).textContent()).slice(0, 600));
await browser.close();
