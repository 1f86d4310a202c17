#!/usr/bin/env bash
# The one test command (`npm test`, and CI's .ci/run): installs what the tests need, then runs
# every check: generated code up to date, typecheck, lint, unit tests, build, end-to-end tests.
set -euo pipefail
cd "$(dirname "$0")/.."

# onnxruntime-node's install script fetches GPU binaries, which cannot be downloaded here; the CPU
# binary ships inside the package.
export ONNXRUNTIME_NODE_INSTALL=skip

step() { printf '\n== %s\n' "$*"; }

step "install dependencies"
if [ -n "${CI:-}" ] || [ ! -d node_modules ]; then
  npm ci --no-audit --no-fund
else
  npm install --no-audit --no-fund
fi

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  step "install Chromium for the end-to-end tests"
  if [ "${CHROMIUM_PATH:-}" = "" ] && command -v apt-get >/dev/null; then
    sudo_cmd=""
    [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >/dev/null
  else
    echo "No Chromium at $chromium: install it, or point CHROMIUM_PATH at a Chromium or Chrome binary." >&2
    exit 1
  fi
fi

step "generated protobuf code matches onnx.proto"
bash scripts/gen-proto.sh --check

step "typecheck"
npx tsc -b

step "lint and format"
npx biome check --error-on-warnings .

mkdir -p reports
step "unit tests"
npx vitest run --reporter=default --reporter=json --outputFile.json=reports/unit.json

step "build"
npx vite build --logLevel warn

step "end-to-end tests (Chromium: $chromium)"
PLAYWRIGHT_JSON_OUTPUT_NAME=reports/e2e.json npx playwright test --reporter=list,json

node scripts/test-totals.mjs reports/unit.json reports/e2e.json
