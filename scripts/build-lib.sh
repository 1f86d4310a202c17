#!/usr/bin/env bash
# Builds the published package into lib/: the library entry (src/index.ts) and the CLI as plain ES
# modules with type declarations. tsc does not copy the generated protobuf module (a .js file with
# its own .d.ts), so it is copied beside its importers.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf lib
npx tsc -p tsconfig.lib.json
mkdir -p lib/onnx/generated
cp src/onnx/generated/onnx.js src/onnx/generated/onnx.d.ts lib/onnx/generated/
