#!/usr/bin/env bash
# Kill a --parts run on an archive at several points (SIGKILL), resume it, and compare its
# rows (sorted) with an uninterrupted run's; prints the time each kill cost.
# usage: bench/resume.sh [ARCHIVE] [SECONDS...]   (default: the bulk archive; kills at 2 4 6 s)
set -uo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/thidua-target}"
archive="${1:-../shared/bench/vnnews-2017.jsonl.gz}"
shift || true
kills=("${@:-2 4 6}")
bin="$CARGO_TARGET_DIR/release/thidua"
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT
sorted() { for t in documents quantities awards dates checks; do cat "$1/$t"/part-*.ndjson | sort | md5sum | cut -c1-12; done | tr '\n' ' '; }

start=$(date +%s.%N)
"$bin" extract "$archive" --out "$w/whole" --format ndjson --parts --quiet
whole=$(echo "$(date +%s.%N) - $start" | bc)
want=$(sorted "$w/whole")
printf 'uninterrupted: %.2f s, %s parts\n' "$whole" "$(ls "$w/whole/documents" | wc -l)"
for at in ${kills[*]}; do
  rm -rf "$w/run"
  start=$(date +%s.%N)
  "$bin" extract "$archive" --out "$w/run" --format ndjson --parts --quiet &
  sleep "$at"; kill -9 $! 2> /dev/null; wait $! 2> /dev/null
  done_parts=$(python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); print(m["parts"], m["documents"])' "$w/run/manifest.json")
  "$bin" extract "$archive" --out "$w/run" --format ndjson --parts --resume --quiet
  total=$(echo "$(date +%s.%N) - $start" | bc)
  same=$([ "$(sorted "$w/run")" = "$want" ] && echo "rows equal" || echo "ROWS DIFFER")
  printf 'killed at %s s (parts, documents done: %s), resumed: %.2f s in all, %.2f s lost; %s\n' \
    "$at" "$done_parts" "$total" "$(echo "$total - $whole" | bc)" "$same"
done
