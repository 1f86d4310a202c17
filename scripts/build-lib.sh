#!/usr/bin/env bash
# Builds the published package into lib/: the library entry (src/index.ts) as plain ES modules
# with type declarations, and the CLI as one bundled file, lib/cli.js (one file loads in a third
# of the time of some sixty modules: `bnfold inspect` starts within 1.5× of `node -e 0`).
# tsc does not copy the generated protobuf module (a .js file with its own .d.ts), so it is copied
# beside its importers. onnxruntime-node stays outside the bundle: it is an optional peer that
# only --verify loads.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf lib
npx tsc -p tsconfig.lib.json
mkdir -p lib/onnx/generated
cp src/onnx/generated/onnx.js src/onnx/generated/onnx.d.ts lib/onnx/generated/
npx esbuild src/cli/main.ts --bundle --platform=node --format=esm --target=node20 \
  --external:onnxruntime-node --outfile=lib/cli.js --log-level=warning
