#!/usr/bin/env bash
# Article extraction on the 131 fixture pages: scores and pages/s of thidua (one thread and
# all cores) and, when it is installed (pip install trafilatura==2.3.1 lxml_html_clean), of
# trafilatura on the same pages in the same run, and the ratio of their one-thread speeds.
# Each is timed ROUNDS times, taking turns; the medians count (one run of each swings by 10%
# on a shared machine).
# usage: bench/html.sh [FIXTURES] [ROUNDS]   (default: ../shared/bench/html-fixtures, 3)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/thidua-target}"
fixtures="${1:-../shared/bench/html-fixtures}"
rounds="${2:-3}"
scorer="$(dirname "$fixtures")/../eval/html_eval.py"
cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/pages"
cp "$fixtures/cases.jsonl" "$work/"
for f in "$fixtures"/*.html.gz; do zcat "$f" > "$work/pages/$(basename "$f" .gz)"; done
n=$(ls "$work/pages" | wc -l)
has_trafilatura=$(python3 -c "import trafilatura" 2>/dev/null && echo yes || echo no)

# Seconds of one thidua run on `threads` threads, appended to a file of its own.
thidua() {
  local threads=$1
  /usr/bin/time -f "%e" -a -o "$work/secs-$threads" "$CARGO_TARGET_DIR/release/thidua" extract \
    "$work/pages" --format ndjson --out "$work/t$threads" --quiet --threads "$threads" || true
}
for _ in $(seq "$rounds"); do
  thidua 1
  [ "$(nproc)" -gt 1 ] && thidua "$(nproc)"
  if [ "$has_trafilatura" = yes ]; then
    python3 "$scorer" trafilatura "$work" | sed -E 's/.* in ([0-9.]+) s$/\1/' >>"$work/secs-trafilatura"
  fi
done

python3 - "$work" "$n" "$(nproc)" <<'PY'
import os, statistics, sys
work, n, cores = sys.argv[1], int(sys.argv[2]), sys.argv[3]
def median(name):
    path = os.path.join(work, f"secs-{name}")
    if not os.path.exists(path):
        return None, []
    # A run that exits with an error (a page it could not read) has a status line too.
    runs = [float(x) for x in open(path) if x.strip().replace(".", "", 1).isdigit()]
    if not runs:
        return None, []
    return statistics.median(runs), runs
names = [("1", "thidua, 1 thread"), (cores, f"thidua, {cores} threads"), ("trafilatura", "trafilatura")]
for name, label in names[:1] + names[1 if cores != "1" else 2:]:
    m, runs = median(name)
    if m is not None:
        print(f"{label:<19} {n} pages, median {m:.2f} s = {n / m:.1f} pages/s   runs {' '.join(f'{x:.2f}' for x in runs)}")
one, _ = median("1")
traf, _ = median("trafilatura")
if traf is not None and one is not None:
    print(f"thidua on 1 thread is {traf / one:.2f}x trafilatura's pages/s")
PY
python3 "$scorer" score "$work" "$work/t1/documents.ndjson"
if [ "$has_trafilatura" = yes ]; then
  echo "trafilatura $(python3 -c 'import trafilatura; print(trafilatura.__version__)'):"
  python3 "$scorer" score "$work" "$work/trafilatura.ndjson"
else
  echo "trafilatura is not installed: pip install trafilatura==2.3.1 lxml_html_clean"
fi
