#!/usr/bin/env bash
# Installs what the web app's build and browser tests need, skipping what is already there:
# the wasm32 target, trunk, wasm-bindgen-cli at exactly Cargo.lock's wasm-bindgen version,
# wasm-opt (npm binaryen, from web/package-lock.json), playwright-core (no browser download)
# Debian's chromium + chromedriver, and Python 3 (the local server). Nothing is downloaded at
# build time afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

export PATH="$HOME/.cargo/bin:$PATH"
ensure_cc

if ! rustup target list --installed 2>/dev/null | grep -q '^wasm32-unknown-unknown$'; then
  rustup target add wasm32-unknown-unknown
fi

TRUNK_VERSION=0.22.1
if ! trunk --version 2>/dev/null | grep -q "trunk $TRUNK_VERSION"; then
  echo "installing trunk $TRUNK_VERSION (takes several minutes; cached in ~/.cargo/bin afterwards)"
  # trunk 0.22.x declares rust-version 1.96.1 but builds and runs on older toolchains.
  cargo install --locked trunk --version "$TRUNK_VERSION" --ignore-rust-version
fi

WB_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
if [ -z "$WB_VERSION" ]; then
  echo "wasm-bindgen is not in Cargo.lock" >&2
  exit 1
fi
if ! wasm-bindgen --version 2>/dev/null | grep -q "wasm-bindgen $WB_VERSION"; then
  echo "installing wasm-bindgen-cli $WB_VERSION"
  # Not --locked: its lockfile pins a webpki-roots release the registry does not serve.
  cargo install wasm-bindgen-cli --version "$WB_VERSION" --force
fi

if [ ! -x web/node_modules/.bin/wasm-opt ] || [ ! -d web/node_modules/playwright-core ]; then
  (cd web && npm ci --no-audit --no-fund)
fi

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  apt_install chromium chromium-driver
fi

ensure_python
