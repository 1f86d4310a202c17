#!/usr/bin/env node
// The CLI as built JavaScript (npm run build:lib writes lib/). From a checkout without a build,
// `npm run cli -- …` runs the TypeScript directly.
import { existsSync } from 'node:fs';

const main = new URL('../lib/cli.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write(
    'bnfold: the CLI is not built here: run `npm run build:lib`, or `npm run cli -- …` from a checkout\n',
  );
  process.exit(2);
}
await import(main.href);
