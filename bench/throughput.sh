#!/usr/bin/env bash
# Throughput of a release build against merely decompressing the archive, in one paired run:
# each round times `gzip -dc | wc -c`, then thidua on 2 threads, then on 1 thread (Parquet
# written), and the medians give the ratios. With --x10, the archive concatenated ten times
# is read once more: its time and peak memory against the single archive's.
# usage: bench/throughput.sh [ARCHIVE] [ROUNDS] [--x10]
#   (default: ../shared/bench/vnnews-2017.jsonl.gz, 3 rounds; run it on a quiet machine)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/thidua-target}"
archive="${1:-../shared/bench/vnnews-2017.jsonl.gz}"
rounds="${2:-3}"
x10="${3:-}"
cargo build --release --quiet
bin="$CARGO_TARGET_DIR/release/thidua"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Appends "seconds peak-KB" of a command to a file.
timed() {
  local into=$1
  shift
  /usr/bin/time -f "%e %M" -o "$work/t" "$@" >/dev/null
  cat "$work/t" >>"$into"
}

for _ in $(seq "$rounds"); do
  timed "$work/gzip" sh -c "gzip -dc '$archive' | wc -c"
  timed "$work/two" "$bin" extract "$archive" --out "$work/out" --threads 2 --quiet
  timed "$work/one" "$bin" extract "$archive" --out "$work/out" --threads 1 --quiet
done
if [ "$x10" = --x10 ]; then
  for _ in $(seq 10); do cat "$archive"; done >"$work/x10.jsonl.gz"
  timed "$work/ten" "$bin" extract "$work/x10.jsonl.gz" --out "$work/out" --threads 2 --quiet
fi

python3 - "$work" "$rounds" <<'EOF'
import statistics, sys, os
work, rounds = sys.argv[1], int(sys.argv[2])
def runs(name):
    rows = [l.split() for l in open(os.path.join(work, name))]
    return [float(s) for s, _ in rows], [int(k) / 1024 for _, k in rows]
gzip, _ = runs("gzip")
g = statistics.median(gzip)
print(f"gzip -dc | wc -c        median {g:.2f} s   runs {' '.join(f'{x:.2f}' for x in gzip)}")
for name, label in (("two", "thidua, 2 threads"), ("one", "thidua, 1 thread")):
    secs, mb = runs(name)
    m = statistics.median(secs)
    print(f"{label:<23} median {m:.2f} s   runs {' '.join(f'{x:.2f}' for x in secs)}"
          f"   ratio {m / g:.2f}x   peak RSS {max(mb):.0f} MB")
if os.path.exists(os.path.join(work, "ten")):
    two, two_mb = runs("two")
    ten, ten_mb = runs("ten")
    print(f"archive x10, 2 threads  {ten[0]:.2f} s = {ten[0] / statistics.median(two):.2f}x the single archive"
          f" (10x is flat)   peak RSS {ten_mb[0]:.0f} MB = {ten_mb[0] / max(two_mb):.2f}x")
EOF
