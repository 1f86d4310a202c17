// Draws the app's icons into public/: icon.svg and the PNGs the web app manifest names (browsers
// want PNGs of at least 192 and 512 pixels to install an app; a maskable one fills the shapes
// platforms cut out). The drawing is the favicon's (a convolution with its BatchNormalization
// folded in, dashed) in white on the app's green. Run: npx tsx scripts/render-icons.ts
import { writeFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { chromiumArgs, chromiumPath } from '../e2e/chromium.ts';

const GREEN = '#1a7f5a';

/**
 * The icon on a 512 square. `maskable`: a full-bleed background with the drawing inside the
 * central circle platforms always keep (80% of the width), else a rounded square.
 */
function iconSvg(maskable: boolean): string {
  const background = maskable
    ? `<rect width="512" height="512" fill="${GREEN}"/>`
    : `<rect x="16" y="16" width="480" height="480" rx="96" fill="${GREEN}"/>`;
  // The favicon's 32-unit drawing, scaled and centred.
  const scale = maskable ? 9 : 12;
  const offset = 256 - 16 * scale;
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512"><title>bnfold</title>',
    background,
    `<g transform="translate(${offset} ${offset}) scale(${scale})" fill="none" stroke="#fff" stroke-width="2">`,
    '<rect x="4" y="3" width="24" height="10" rx="3" fill="#fff" stroke="none"/>',
    '<rect x="5" y="20" width="22" height="8" rx="2.5" stroke-dasharray="3 2"/>',
    '<path d="M16 13v6"/>',
    '</g></svg>',
  ].join('');
}

async function main(): Promise<void> {
  const out = new URL('../public/', import.meta.url);
  writeFileSync(new URL('icon.svg', out), `${iconSvg(false)}\n`);
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs() });
  const page = await browser.newPage();
  const renders = [
    { file: 'icon-192.png', size: 192, maskable: false },
    { file: 'icon-512.png', size: 512, maskable: false },
    { file: 'icon-maskable-512.png', size: 512, maskable: true },
  ];
  for (const { file, size, maskable } of renders) {
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(
      `<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${iconSvg(maskable)}`,
    );
    writeFileSync(new URL(file, out), await page.locator('svg').screenshot({ omitBackground: true }));
  }
  await browser.close();
}

await main();
