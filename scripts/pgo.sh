#!/usr/bin/env bash
# Profile-guided builds of the benchmark and the `medtech` CLI (BENCHMARKS.md, "Profile-guided
# optimization"). Builds both instrumented, trains them, merges the profiles and builds both
# again with them:
#
#   - the benchmark trains on every stage it measures (the floor included, so the ratios compare
#     like with like) over a corpus of another seed than the one it is measured on;
#   - the CLI trains on `normalize` and `debug` over that corpus (IoT Hub envelope, with and
#     without the FHIR mapping), on the bundled examples and on the example test suite.
#
# Then it runs the benchmark (extra arguments go to it, e.g. `--quick --runs 8`). The optimized
# binaries are left in target/pgo/<host>/release/ (`medtech`, `medtech-bench`). Needs rustup's
# llvm-tools component for llvm-profdata (installed when missing).
set -euo pipefail
cd "$(dirname "$0")/.."

rustup component list --installed 2>/dev/null | grep -q '^llvm-tools' ||
  rustup component add llvm-tools
host="$(rustc -vV | sed -n 's/^host: //p')"
profdata="$(rustc --print sysroot)/lib/rustlib/$host/bin/llvm-profdata"

gen="$PWD/target/pgo-gen"
data="$gen/profiles"
rm -rf "$data"
mkdir -p "$data"
# `--target` keeps build scripts and proc macros uninstrumented (RUSTFLAGS then apply to the
# target's crates only).
RUSTFLAGS="-Cprofile-generate=$data" CARGO_TARGET_DIR="$gen" \
  cargo build --release --target "$host" -p medtech-bench -p medtech-cli
bin="$gen/$host/release"

# A training run of the CLI: its exit status reports findings (1) or bad input (2), which is
# fine here; only a signal (a crash) stops the script.
train() {
  local status=0
  "$bin/medtech" "$@" >/dev/null 2>&1 || status=$?
  if [ "$status" -ge 128 ]; then
    echo "medtech $* ended with status $status" >&2
    exit 1
  fi
}

corpus="$gen/corpus"
"$bin/medtech-bench" --seed 7 --messages 20000 --write-corpus "$corpus" >/dev/null
for stage in floor read normalize trace full; do
  "$bin/medtech-bench" --seed 7 --messages 20000 "--profile-$stage" >/dev/null
done
for fhir in "" "--fhir $corpus/fhir.json"; do
  for command in normalize debug; do
    # shellcheck disable=SC2086 # $fhir is two words or none
    train "$command" --device "$corpus/device.json" $fhir --ndjson "$corpus/messages.ndjson" \
      --envelope iothub --format json
  done
done
"$bin/medtech" debug --example list | while read -r example _; do
  for format in human json; do
    train debug --example "$example" --format "$format"
  done
done
train test examples/suite

"$profdata" merge -o "$gen/merged.profdata" "$data"
RUSTFLAGS="-Cprofile-use=$gen/merged.profdata" CARGO_TARGET_DIR="$PWD/target/pgo" \
  cargo build --release --target "$host" -p medtech-bench -p medtech-cli
echo "profile-guided binaries: target/pgo/$host/release/{medtech,medtech-bench}" >&2
"target/pgo/$host/release/medtech-bench" "$@"
