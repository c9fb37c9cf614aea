#!/usr/bin/env bash
# Browser benchmarks of the web app (BENCHMARKS.md, "Browser"): builds it (trunk build --release),
# serves dist/ on a free local port and runs web/e2e/bench.mjs in headless Chromium.
# Installs what is missing first (scripts/setup-web.sh). Extra arguments go to bench.mjs
# (`--json FILE` writes the numbers as JSON).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup-web.sh
export PATH="$PWD/web/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true

trunk build --release
PORT="${BENCH_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
python3 -m http.server "$PORT" --bind 127.0.0.1 --directory dist >/dev/null 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do
  curl -fs -o /dev/null "http://127.0.0.1:$PORT/" && break
  sleep 0.2
done
(cd web && APP_URL="http://127.0.0.1:$PORT/" DIST="$PWD/../dist" node e2e/bench.mjs "$@")
