#!/usr/bin/env bash
# `npm start`: installs dependencies, then serves the app (it opens on the bundled sample model).
set -euo pipefail
cd "$(dirname "$0")/.."
export ONNXRUNTIME_NODE_INSTALL=skip
npm install --no-audit --no-fund
exec npx vite --host "${HOST:-localhost}" --port "${PORT:-5173}"
