#!/usr/bin/env bash
# Browser benchmarks of the web app (BENCHMARKS.md, "Browser"): builds it (trunk build --release),
# serves dist/ on a free local port and runs web/e2e/bench.mjs in headless Chromium.
# Installs what is missing first (scripts/setup-web.sh). Extra arguments go to bench.mjs
# (`--json FILE` writes the numbers as JSON).
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/lib.sh
bash scripts/setup-web.sh
web_env

trunk build --release
serve_dist "${BENCH_PORT:-}"
(cd web && APP_URL="http://127.0.0.1:$PORT/" DIST="$PWD/../dist" node e2e/bench.mjs "$@")
