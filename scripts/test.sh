#!/usr/bin/env bash
# Runs every check and test of the project. Installs what is missing on a fresh machine
# (the wasm32 target; rustfmt and clippy components; the web tools via scripts/setup-web.sh:
# trunk, wasm-bindgen-cli at Cargo.lock's version, npm packages from web/package-lock.json,
# Debian's chromium and chromedriver; a Python venv with fhir.resources).
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/lib.sh
step() { printf '\n==> %s\n' "$*"; }
# Cargo's output folder (CARGO_TARGET_DIR when set).
TARGET="${CARGO_TARGET_DIR:-target}"
mkdir -p "$TARGET"

step "toolchain"
ensure_cc
if ! rustup target list --installed 2>/dev/null | grep -q '^wasm32-unknown-unknown$'; then
  rustup target add wasm32-unknown-unknown
fi
rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt
rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy

LIBS=(-p medtech-json -p medtech-jsonpath -p medtech-jmespath -p medtech-core)

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (native, all targets)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "cargo clippy (wasm32, library crates)"
cargo clippy "${LIBS[@]}" --target wasm32-unknown-unknown --locked -- -D warnings

step "cargo clippy (wasm32, web app and wasm module, all targets: their browser tests only build there)"
cargo clippy -p medtech-web -p medtech-wasm --target wasm32-unknown-unknown --all-targets --locked -- -D warnings

step "wasm32 build of the core"
cargo build "${LIBS[@]}" --target wasm32-unknown-unknown --locked

step "layering: the core has no I/O, wasm, web or CLI dependencies"
forbidden='^(clap|wasm-bindgen|web-sys|js-sys|yew|gloo-[a-z]+|codespan-reporting|termcolor|tokio|reqwest) '
if cargo tree -p medtech-core -e normal --prefix none --locked | sort -u | grep -E "$forbidden"; then
  echo "medtech-core depends on a crate it must not depend on (see ARCHITECTURE.md)" >&2
  exit 1
fi
echo "ok"

step "FHIR R4 validity of every Observation produced (fhir.resources, an independent implementation)"
VENV=.tools/fhir-venv
if ! "$VENV/bin/python" -c 'import fhir.resources.R4B' 2>/dev/null; then
  ensure_python
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check -r scripts/fhir-validate/requirements.txt
fi
cargo run --quiet --locked -p medtech-tests --bin observations > "$TARGET/observations.ndjson"
"$VENV/bin/python" scripts/fhir-validate/validate.py "$TARGET/observations.ndjson"

step "browser: web app component and end-to-end tests, wasm module from Node (scripts/web-test.sh)"
bash scripts/web-test.sh

step "cargo test (unit, doc, conformance, corpus, golden)"
set +e
cargo test --workspace --locked 2>&1 | tee "$TARGET/cargo-test.log"
status=${PIPESTATUS[0]}
set -e
# One closing line for the whole run (cargo prints one summary per test binary).
awk '/^test result:/ { p += $4; f += $6 } END { printf "total: %d passed, %d failed\n", p, f }' "$TARGET/cargo-test.log"
exit "$status"
