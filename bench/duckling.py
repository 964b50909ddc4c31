#!/usr/bin/env python3
"""Duckling's Vietnamese test corpora as a peer suite: each numeral, VND amount and date
(absolute, or with the year implied) is put inside a sentence of the kind news write, the
sentences are run through `thidua extract`, and coverage is counted per category: an example
is exact when a fact of the right kind has exactly the value Duckling asserts.

    python3 bench/duckling.py [THIDUA] [../shared/peers/duckling-vi]

Out of scope, and not counted: other currencies, clock times without a date, and relative
times ("tuần sau", "hôm qua"), which an article's facts do not resolve. A date whose year is
implied is compared in month and day only (see `same`)."""
import collections, json, pathlib, subprocess, sys, tempfile

thidua = sys.argv[1] if len(sys.argv) > 1 else "target/release/thidua"
corpus = pathlib.Path(sys.argv[2] if len(sys.argv) > 2 else "../shared/peers/duckling-vi")
# The reference time of Duckling's time corpus: dates without a year take its year.
PUBLISHED = "2017-02-02"


def read(name):
    return [json.loads(l) for l in (corpus / name).read_text(encoding="utf-8").splitlines() if l]


def cases():
    for e in read("numeral.jsonl"):
        yield ("numeral", "numeral"), f"Toàn huyện có {e['text']} người tham gia.", ("count", e["expected"]["value"])
    for e in read("money.jsonl"):
        x = e["expected"]
        if x.get("currency") == "VND" and x.get("type") == "simple":
            yield ("money", "VND amount"), f"Tổng kinh phí là {e['text']} cho hội nghị.", ("money", x["value"])
    for e in read("time.jsonl"):
        x = e["expected"]
        if x.get("group") in ("absolute", "year implied") and x.get("timex"):
            yield ("time " + x["group"], x["category"]), f"Hội nghị diễn ra {e['text']} tại huyện.", ("date", x["timex"][0])


def same(category, got, want):
    """Numbers equal; dates equal, but a date whose year is implied only in month and day:
    Duckling takes the next such day, an article's date the last one before publication."""
    if not isinstance(want, str):
        return abs(float(got) - float(want)) < 1e-6
    if category[0] == "time year implied":
        return got[4:] == want[4:]
    return got == want


def main():
    all_cases = list(cases())
    with tempfile.TemporaryDirectory() as tmp:
        inp = pathlib.Path(tmp, "cases.jsonl")
        with inp.open("w", encoding="utf-8") as f:
            for i, (_, sentence, _) in enumerate(all_cases):
                f.write(json.dumps({"id": str(i), "text": sentence, "published": PUBLISHED}, ensure_ascii=False) + "\n")
        out = pathlib.Path(tmp, "out")
        subprocess.run([thidua, "extract", str(inp), "--format", "ndjson", "--out", str(out), "--quiet"], check=False)
        docs = {json.loads(l)["doc_id"]: json.loads(l)["source"].rsplit("#", 1)[1]
                for l in (out / "documents.ndjson").read_text(encoding="utf-8").splitlines()}
        facts = collections.defaultdict(list)
        for table in ("quantities", "dates"):
            for l in (out / f"{table}.ndjson").read_text(encoding="utf-8").splitlines():
                r = json.loads(l)
                kind = r["kind"] if table == "quantities" else "date"
                facts[int(docs[r["doc_id"]])].append((kind, r["value"]))
    per = collections.defaultdict(lambda: [0, 0])
    misses = []
    for i, (category, sentence, (kind, want)) in enumerate(all_cases):
        got = facts.get(i, [])
        ok = any(k == kind and same(category, v, want) for k, v in got)
        per[category][1] += 1
        per[category][0] += ok
        if not ok:
            misses.append(f"{category[1]}: {sentence!r} want {kind} {want}, got {got}")
    print("| group | category | exact | of | share |")
    print("|---|---|---|---|---|")
    for (group, cat), (ok, n) in sorted(per.items()):
        print(f"| {group} | {cat} | {ok} | {n} | {ok / n:.0%} |")
    total_ok, total = sum(v[0] for v in per.values()), sum(v[1] for v in per.values())
    print(f"\n{total_ok} of {total} exact")
    if "-v" in sys.argv:
        print("\n".join(misses))


if __name__ == "__main__":
    main()
