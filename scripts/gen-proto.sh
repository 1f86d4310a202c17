#!/usr/bin/env bash
# Generates the protobufjs reader/writer for onnx.proto. The output is committed and never edited by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
proto=src/onnx/proto/onnx.proto
out=src/onnx/generated
mkdir -p "$out"
npx pbjs -t static-module -w es6 --no-verify --no-convert --no-delimited --no-service \
  --force-long -o "$out/onnx.js" "$proto"
npx pbts --no-comments -o "$out/onnx.d.ts" "$out/onnx.js"
