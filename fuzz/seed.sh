#!/usr/bin/env bash
# Seed corpora of the fuzz targets from the real inputs beside the repository: the seeds,
# the corpus, real pages with checked extraction, and the built-in rule files.
# usage: fuzz/seed.sh   (then: cargo +nightly fuzz run TARGET -- -max_len=65536)
set -euo pipefail
cd "$(dirname "$0")"
shared=../../shared
mkdir -p corpus/decode corpus/html corpus/document corpus/rule_file
n=0
for f in "$shared"/seeds/* ../corpus/* "$shared"/corpus-real/*.txt; do
  [ -f "$f" ] || continue
  n=$((n + 1))
  # The first byte picks text (even) or page (odd) in decode and document.
  { printf '\x00'; head -c 65535 "$f"; } > "corpus/decode/text-$n"
  cp "corpus/decode/text-$n" "corpus/document/text-$n"
done
for f in "$shared"/bench/html-fixtures/*.html.gz; do
  [ -f "$f" ] || continue
  n=$((n + 1))
  # A page's first 64 KiB (zcat may meet a closed pipe: that is the point of head).
  { zcat "$f" || true; } | head -c 65536 > "corpus/html/page-$n"
  { printf '\x01'; head -c 65535 "corpus/html/page-$n"; } > "corpus/decode/page-$n"
  cp "corpus/decode/page-$n" "corpus/document/page-$n"
done
cp ../patterns/*.toml corpus/rule_file/
echo "seeded: $(ls corpus/decode | wc -l) decode, $(ls corpus/html | wc -l) html, $(ls corpus/document | wc -l) document, $(ls corpus/rule_file | wc -l) rule_file"
