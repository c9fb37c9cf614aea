#!/usr/bin/env bash
# Browser tests of the web app and the wasm module (installs what is missing first):
#   1. component tests with wasm-bindgen-test in headless Chromium (chromedriver),
#   2. the wasm module built with wasm-bindgen --target nodejs and tested from Node,
#   3. trunk build --release (size of wasm + JS reported),
#   4. end-to-end tests with playwright-core driving Debian's chromium against the served dist/.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

source scripts/lib.sh

step "web tools (scripts/setup-web.sh)"
bash scripts/setup-web.sh
web_env
export CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver)}"
# Cargo's output folder (CARGO_TARGET_DIR when set).
TARGET="${CARGO_TARGET_DIR:-target}"

step "web: component tests in headless Chromium (wasm-bindgen-test)"
cargo test -p medtech-web --target wasm32-unknown-unknown --locked

step "wasm module: wasm-bindgen --target nodejs, tested from Node"
cargo build -p medtech-wasm --target wasm32-unknown-unknown --locked
cargo build -p medtech-cli --locked
rm -rf "$TARGET/medtech-wasm-pkg"
wasm-bindgen --target nodejs --out-dir "$TARGET/medtech-wasm-pkg" \
  "$TARGET/wasm32-unknown-unknown/debug/medtech_wasm.wasm"
MEDTECH_WASM_PKG="$TARGET/medtech-wasm-pkg" MEDTECH_BIN="$TARGET/debug/medtech" \
  node --test crates/medtech-wasm/tests/

step "web: trunk build --release"
trunk build --release
wasm_gz=$(gzip -9c dist/medtech-web_bg.wasm | wc -c)
js_gz=$(gzip -9c dist/medtech-web.js | wc -c)
echo "dist/medtech-web_bg.wasm $(wc -c <dist/medtech-web_bg.wasm) bytes, gzip -9 $wasm_gz; medtech-web.js gzip -9 $js_gz; total gzip $((wasm_gz + js_gz))"

step "web: end-to-end in headless Chromium (playwright-core)"
serve_dist "${E2E_PORT:-}" "$TARGET/web-e2e-http.log"
APP_URL="http://127.0.0.1:$PORT/" node web/e2e/run.mjs
