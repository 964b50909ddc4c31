#!/usr/bin/env bash
# Hostile inputs, generated here, each run through a release build: what the run says of
# the input (documents.status and .error), exit status, wall time and peak RSS.
# usage: bench/hostile.sh [THIDUA]   (default: the release build in $CARGO_TARGET_DIR or target/)
set -uo pipefail
cd "$(dirname "$0")/.."
bin=${1:-${CARGO_TARGET_DIR:-target}/release/thidua}
seed=../shared/seeds/001_babac2bdff31ffb1.txt
w=$(mktemp -d)
trap 'chmod -R u+rwx "$w"; rm -rf "$w"' EXIT

# measure NAME ARGS...: one run, its tables in $w/NAME.
measure() {
  local name=$1; shift
  /usr/bin/time -f '%e %M' -o "$w/time" "$bin" extract "$@" --out "$w/$name" --format ndjson --quiet 2> "$w/stderr"
  local code=$?
  read -r secs kb < <(tail -1 "$w/time")
  local rows=""
  [ -f "$w/$name/documents.ndjson" ] && rows=$(python3 -c '
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
print("; ".join(r["status"] + ": " + (r["error"] or "-") for r in rows[:3]))' "$w/$name/documents.ndjson")
  local q=$( [ -f "$w/$name/quantities.ndjson" ] && wc -l < "$w/$name/quantities.ndjson" || echo 0)
  local a=$( [ -f "$w/$name/awards.ndjson" ] && wc -l < "$w/$name/awards.ndjson" || echo 0)
  printf '| %s | %s | %s s | %s MB | %s quantities, %s awards | %s %s |\n' "$name" "$code" "$secs" "$((kb / 1024))" "$q" "$a" "$rows" "$(head -c 200 "$w/stderr" | tr '\n' ' ')"
}

echo "| input | exit | wall | peak RSS | facts | documents row / stderr |"
echo "|---|---|---|---|---|---|"
{ cat "$seed"; printf '\xff'; } > "$w/ff.txt"; measure seed+0xFF "$w/ff.txt"
{ cat "$seed"; printf ' \x80'; } > "$w/cont.txt"; measure seed+continuation "$w/cont.txt"
head -c -1 "$seed" > "$w/cut.txt"; measure seed-cut-last-byte "$w/cut.txt"
{ printf '\x93'; cat "$seed"; printf '\x94'; } > "$w/quotes.txt"; measure seed+cp1252-quotes "$w/quotes.txt"
{ printf '<html><head><meta charset="utf-8"></head><body><p>'; cat "$seed"; printf '\xff</p></body></html>'; } > "$w/ff.html"; measure html-utf8+0xFF "$w/ff.html"
head -c 2G /dev/zero | gzip -9 > "$w/zeros.txt.gz"; measure 2GB-zeros-gz "$w/zeros.txt.gz"
yes "Huyện tặng giấy khen cho 12 tập thể, 54 cá nhân." | head -c 2G | gzip -9 > "$w/text.txt.gz"; measure 2GB-text-gz "$w/text.txt.gz"
yes "Huyện tặng giấy khen cho 12 tập thể, 54 cá nhân." | tr -d '\n' | head -c 300M > "$w/line.txt"; measure 300MB-line-txt "$w/line.txt"
{ printf '{"id":"big","text":"'; head -c 300M "$w/line.txt"; printf '"}\n{"id":"next","text":"Huyện tặng giấy khen cho 3 tập thể."}\n'; } > "$w/line.jsonl"; measure 300MB-record "$w/line.jsonl"
# A WARC record of 300 MB (gzip per record), and a header line that never ends.
{ printf 'WARC/1.1\r\nWARC-Type: resource\r\nWARC-Record-ID: <urn:uuid:big>\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n\r\n' $((300 << 20)); head -c 300M "$w/line.txt"; printf '\r\n\r\n'; } | gzip -1 > "$w/big.warc.gz"; measure 300MB-warc-record "$w/big.warc.gz"
{ printf 'WARC/1.1\r\nWARC-Type: resource\r\nX: '; head -c 300M /dev/zero | tr '\0' 'x'; } | gzip -1 > "$w/header.warc.gz"; measure 300MB-warc-header "$w/header.warc.gz"
rm -f "$w/line.txt" "$w/line.jsonl" "$w/big.warc.gz" "$w/header.warc.gz"
echo '| 3GB-line-stdin | '"$(yes abc | tr -d '\n' | head -c 3G | /usr/bin/time -f '%e s | %M KB' "$bin" extract - --out "$w/stdin" --format ndjson --quiet 2>&1 >/dev/null | tail -1)"' | '"$(python3 -c 'import json,sys; r=json.loads(open(sys.argv[1]).readline()); print(r["status"], r["error"])' "$w/stdin/documents.ndjson")"' |'
"$bin" extract ../shared/seeds --out "$w/good" --format ndjson --quiet; before=$(md5sum < "$w/good/documents.ndjson")
"$bin" extract in/does_not_exist --out "$w/good" --format ndjson --quiet 2> "$w/stderr"; code=$?
echo "| missing input, good run in DIR | $code | | | tables unchanged: $([ "$before" = "$(md5sum < "$w/good/documents.ndjson")" ] && echo yes || echo no) | $(cat "$w/stderr") |"
"$bin" extract ../shared/seeds --out "$w/fmt" --quiet; "$bin" extract ../shared/seeds --out "$w/fmt" --format csv --quiet
echo "| parquet run, then csv into the same DIR | $? | | | files: $(ls "$w/fmt" | tr '\n' ' ') | |"
mkdir -p "$w/tree/sub"; cp "$seed" "$w/tree/a.txt"; ln -s .. "$w/tree/sub/up"; measure symlink-loop "$w/tree"
if id nobody > /dev/null 2>&1 && command -v runuser > /dev/null && [ "$(id -u)" = 0 ]; then
  mkdir -p "$w/locked/in/sub"; cp "$seed" "$w/locked/in/a.txt"; cp "$seed" "$w/locked/in/sub/b.txt"; chmod -R a+rwX "$w"; chmod 000 "$w/locked/in/sub"
  runuser -u nobody -- "$bin" extract "$w/locked/in" --out "$w/locked/out" --format ndjson --quiet; code=$?
  echo "| unreadable subfolder (as nobody) | $code | | | $(python3 -c 'import json,sys; print("; ".join(json.loads(l)["source"].rsplit("/",2)[-2]+"/"+json.loads(l)["source"].rsplit("/",1)[-1]+": "+json.loads(l)["status"]+" "+(json.loads(l)["error"] or "") for l in open(sys.argv[1])))' "$w/locked/out/documents.ndjson") | |"
  chmod 755 "$w/locked/in/sub"
fi
printf '<html><body><article data-published="2023.01.1é"><p>Huyện tặng giấy khen cho 12 tập thể.</p></article></body></html>' > "$w/date.html"; measure data-published-2023.01.1é "$w/date.html"
printf '<html><head><title>ẞ İİİ Tiêu đề - Báo Đắk Nông</title><meta property="og:site_name" content="Báo Đắk Nông"></head><body><p>Huyện tặng giấy khen cho 12 tập thể.</p></body></html>' > "$w/title.html"; measure title-lower-case-longer "$w/title.html"
head -c 1M /dev/urandom > "$w/random.txt"; measure random-bytes-txt "$w/random.txt"
gzip -c "$seed" > "$w/packed.txt"; measure gzip-named-txt "$w/packed.txt"
for t in 100000 0; do "$bin" extract ../shared/seeds --threads $t --out "$w/t" --quiet 2> "$w/stderr"; echo "| --threads $t | $? | | | | $(head -1 "$w/stderr") |"; done
"$bin" rules list 2> "$w/stderr" | head -1 > /dev/null; echo "| rules list \| head -1 | ${PIPESTATUS[0]} | | | | $(cat "$w/stderr") |"
"$bin" query "SELECT a.text FROM quantities a CROSS JOIN quantities b" --out "$w/good" --format csv 2> "$w/stderr" | head -1 > /dev/null; echo "| query … \| head -1 | ${PIPESTATUS[0]} | | | | $(cat "$w/stderr") |"
"$bin" query "SELECT * FROM read_csv('x.csv')" --out "$w/good" > /dev/null 2> "$w/stderr"; echo "| query read_csv('x.csv') | $? | | | | $(head -c 150 "$w/stderr") |"
printf '<html><body><script>var a=1;</script></body></html>' > "$w/empty.html"
"$bin" extract "$w/ff.txt" "$w/empty.html" --out "$w/sum" 2> "$w/stderr"; echo "| a warning and an empty document | $? | | | | $(cat "$w/stderr" | cut -d'(' -f2 | cut -d')' -f1) |"
if [ "$(id -u)" = 0 ] && mkdir -p "$w/small" && mount -t tmpfs -o size=2m tmpfs "$w/small" 2> /dev/null; then
  zcat ../shared/bench/vnnews-2017.jsonl.gz | head -3000 > "$w/3k.jsonl"
  "$bin" extract "$w/3k.jsonl" --out "$w/small/out" --format ndjson --quiet 2> "$w/stderr"; code=$?
  echo "| disk full (a 2 MB tmpfs) | $code | | | left in DIR: $(ls -A "$w/small/out" | wc -l) files, $(df --output=used -k "$w/small" | tail -1) KB used | $(cat "$w/stderr") |"
  umount "$w/small"
fi
