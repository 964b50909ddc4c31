#!/usr/bin/env bash
# Throughput and peak memory of a release build on a real archive.
# usage: bench/bulk.sh [ARCHIVE] [THREADS]   (default: ../shared/bench/vnnews-2017.jsonl.gz, all cores)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/thidua-target}"
archive="${1:-../shared/bench/vnnews-2017.jsonl.gz}"
threads=()
[ -n "${2:-}" ] && threads=(--threads "$2")
cargo build --release --quiet
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
/usr/bin/time -v "$CARGO_TARGET_DIR/release/thidua" extract "$archive" --out "$out" "${threads[@]}" 2> "$out/time.txt" || true
grep -E '^thidua:' "$out/time.txt"
grep -E 'Elapsed \(wall clock\)|Maximum resident set size' "$out/time.txt" | sed 's/^\s*//'
