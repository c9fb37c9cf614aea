#!/usr/bin/env bash
# Builds the web app and serves it on http://127.0.0.1:8080 (PORT=… to change), with the
# heart-rate example loaded on first visit. Installs what is missing first (scripts/setup-web.sh).
# Everything runs in the browser; the server only hands out the app's static files.
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/lib.sh
bash scripts/setup-web.sh
web_env

trunk build --release
PORT="${PORT:-8080}"
echo
echo "MedTech mapping debugger: http://127.0.0.1:$PORT/   (Ctrl-C to stop)"
echo "Other examples: http://127.0.0.1:$PORT/#example=hourly-steps (or use the Examples button)"
exec python3 -m http.server "$PORT" --bind 127.0.0.1 --directory dist
