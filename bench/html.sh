#!/usr/bin/env bash
# Article extraction on the 131 fixture pages: scores and pages/s of thidua (one thread and
# all cores) and, when it is installed (pip install trafilatura==2.3.1 lxml_html_clean), of
# trafilatura on the same pages in the same run.
# usage: bench/html.sh [FIXTURES]   (default: ../shared/bench/html-fixtures)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/thidua-target}"
fixtures="${1:-../shared/bench/html-fixtures}"
scorer="$(dirname "$fixtures")/../eval/html_eval.py"
cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/pages"
cp "$fixtures/cases.jsonl" "$work/"
for f in "$fixtures"/*.html.gz; do zcat "$f" > "$work/pages/$(basename "$f" .gz)"; done
n=$(ls "$work/pages" | wc -l)

rate() { python3 -c "import sys; print(f'{int(sys.argv[1]) / float(sys.argv[2]):.1f}')" "$1" "$2"; }
for threads in 1 "$(nproc)"; do
  start=$(date +%s.%N)
  "$CARGO_TARGET_DIR/release/thidua" extract "$work/pages" --format ndjson --out "$work/t$threads" --quiet --threads "$threads" || true
  secs=$(python3 -c "import time,sys; print(f'{time.time() - float(sys.argv[1]):.2f}')" "$start")
  echo "thidua, $threads thread(s): $n pages in $secs s, $(rate "$n" "$secs") pages/s"
done
python3 "$scorer" score "$work" "$work/t1/documents.ndjson"

if python3 -c "import trafilatura" 2>/dev/null; then
  python3 "$scorer" trafilatura "$work" | sed "s/\$/, $(python3 -c 'import trafilatura; print(trafilatura.__version__)')/"
  python3 "$scorer" score "$work" "$work/trafilatura.ndjson"
else
  echo "trafilatura is not installed: pip install trafilatura==2.3.1 lxml_html_clean"
fi
