#!/usr/bin/env python3
"""Mines what follows numbers in a JSON Lines archive of articles: the candidates for
counted nouns (patterns/nouns.toml). Prints, most frequent first, the one- and two-syllable
lower-case words right after a number written in digits, with how often each follows one.

    python3 tools/mine_nouns.py ../shared/bench/vnnews-2017.jsonl.gz > /tmp/after-numbers.tsv

The list is then read by hand: nouns that count things are kept; time and measure words,
number and scale words, verbs, prepositions and adjectives are dropped (see the header of
patterns/nouns.toml)."""
import collections, gzip, json, re, sys, unicodedata

NUMBER_THEN_WORDS = re.compile(
    r"(?<![\w.,/-])[0-9]+(?:[.,][0-9]{3})*[ \t]+([^\W\d_]+)(?:[ \t]+([^\W\d_]+))?")

def lower_syllable(w):
    return w if w == w.lower() else None

def main(path):
    opener = gzip.open if path.endswith(".gz") else open
    one, two = collections.Counter(), collections.Counter()
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            try:
                text = json.loads(line).get("text") or ""
            except json.JSONDecodeError:
                continue
            text = unicodedata.normalize("NFC", text)
            for m in NUMBER_THEN_WORDS.finditer(text):
                a = lower_syllable(m.group(1))
                if not a:
                    continue
                one[a] += 1
                b = m.group(2) and lower_syllable(m.group(2))
                if b:
                    two[f"{a} {b}"] += 1
    print("words\tafter a number\tkind")
    for w, n in one.most_common(600):
        print(f"{w}\t{n}\t1")
    for w, n in two.most_common(1500):
        print(f"{w}\t{n}\t2")

if __name__ == "__main__":
    main(sys.argv[1])
