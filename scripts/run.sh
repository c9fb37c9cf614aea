#!/usr/bin/env bash
# The main job: builds the `medtech` CLI and debugs a bundled example set
# (`medtech debug --example heart-rate`). Pass other arguments to run them instead, e.g.
#   scripts/run.sh debug --example list
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked -p medtech-cli
if [ "$#" -eq 0 ]; then
  set -- debug --example heart-rate
fi
exec ./target/release/medtech "$@"
