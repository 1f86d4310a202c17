import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { buildWeightHeavy } from '../src/fixtures/models.ts';
import { encodeModel, moveToSideFile } from '../src/onnx/index.ts';
import { launchChromium, startPreview } from './preview.ts';

const mb = Number(process.argv[2] ?? 400);
const m = buildWeightHeavy(mb);
const layers = m.graph?.node?.filter((n) => n.opType === 'BatchNormalization').length ?? 0;
const data = moveToSideFile(m, new Map(), 'big.onnx.data');
writeFileSync('/tmp/zz-big.onnx', encodeModel(m));
const fd = openSync('/tmp/big.onnx.data', 'w');
for (let at = 0; at < data.length; at += 1 << 28) writeSync(fd, data.subarray(at, at + (1 << 28)));
closeSync(fd);
const server = await startPreview(4395);
const browser = await launchChromium();
const page = await browser.newPage();
page.on('console', (msg) => console.log('console', msg.text()));
await page.goto('http://127.0.0.1:4395/');
await page.getByRole('status').filter({ hasText: '7 fusible' }).waitFor();
await page.getByLabel('Open model').setInputFiles(['/tmp/zz-big.onnx', '/tmp/big.onnx.data']);
let t = performance.now();
await page
  .getByRole('status')
  .filter({ hasText: `${layers} fusible` })
  .waitFor({ timeout: 600_000 });
console.log('load', performance.now() - t);
t = performance.now();
const timer = setInterval(
  async () =>
    console.log('busy', ((performance.now() - t) / 1000).toFixed(0), await page.locator('.busy, [aria-busy]').count()),
  10000,
);
await page.getByRole('button', { name: 'Fuse all' }).click();
await page
  .getByRole('status')
  .filter({ hasText: `${layers} fused` })
  .or(page.getByRole('alert'))
  .waitFor({ timeout: 600_000 });
clearInterval(timer);
console.log(
  'fuse',
  performance.now() - t,
  await page.getByRole('status').textContent(),
  await page.getByRole('alert').count(),
);
await browser.close();
server.kill();
