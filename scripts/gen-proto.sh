#!/usr/bin/env bash
# Generates the protobufjs reader/writer for onnx.proto. The output is committed and never edited
# by hand. With --check, regenerates into a temporary folder and fails if the committed copy differs.
set -euo pipefail
cd "$(dirname "$0")/.."
proto=src/onnx/proto/onnx.proto
out=src/onnx/generated
target=$out
if [ "${1:-}" = "--check" ]; then
  target=$(mktemp -d)
  trap 'rm -rf "$target"' EXIT
fi
mkdir -p "$target"
npx pbjs -t static-module -w es6 --no-verify --no-convert --no-delimited --no-service \
  --force-long -o "$target/onnx.js" "$proto"
npx pbts --no-comments -o "$target/onnx.d.ts" "$target/onnx.js"
if [ "$target" != "$out" ]; then
  if ! diff -q "$target/onnx.js" "$out/onnx.js" >/dev/null || ! diff -q "$target/onnx.d.ts" "$out/onnx.d.ts" >/dev/null; then
    echo "src/onnx/generated is out of date with onnx.proto: run npm run proto" >&2
    exit 1
  fi
  echo "generated code is up to date"
fi
