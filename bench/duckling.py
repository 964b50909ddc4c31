#!/usr/bin/env python3
"""Duckling's Vietnamese test corpora as a peer suite: each numeral, VND amount and date
(absolute, or with the year implied) is put inside a sentence of the kind news write, the
sentences are run through `thidua extract`, and coverage is counted per category: an example
is exact when a fact of the right kind has the value Duckling asserts (any of them, where it
gives several: `2017-04-23T16` and `2017-04-23T16:00`).

    python3 bench/duckling.py [THIDUA] [../shared/peers/duckling-vi] [-v]

The sentence is one in which the guidelines make the value a fact: a whole number counts
people ("Toàn huyện có … người tham gia."), a fraction is a percentage ("Tỷ lệ hộ nghèo còn
…%."), a negative number an amount ("Lợi nhuận năm 2016 là … đồng.": `âm 1.285 tỷ đồng`
keeps its sign, a count has none); a date follows "diễn ra vào", as news write it.

Out of scope, and not counted: other currencies, clock times without a date, relative
times ("tuần sau", "hôm qua"), which an article's facts do not resolve, and the written
forms of `NOT_NEWS_FORMS`, listed with the reason and shown apart. A date whose year is
implied is compared in month and day only (see `same`)."""
import collections, json, pathlib, subprocess, sys, tempfile

thidua = sys.argv[1] if len(sys.argv) > 1 else "target/release/thidua"
corpus = pathlib.Path(sys.argv[2] if len(sys.argv) > 2 else "../shared/peers/duckling-vi")
# The reference time of Duckling's time corpus: dates without a year take its year.
PUBLISHED = "2017-02-02"


def read(name):
    return [json.loads(l) for l in (corpus / name).read_text(encoding="utf-8").splitlines() if l]


# Forms Duckling reads that Vietnamese news do not write as a number, with the evidence
# (counts in the 35,414 articles of ../shared/bench/vnnews-2017.jsonl.gz; docs/duckling.md).
NOT_NEWS_FORMS = {
    ",": "a leading comma: 5 in the archive, all spacing typos or lists (`36 ,1 độ C`, `172/55 ,172/46`)",
    "-,": "a leading comma: 5 in the archive, all spacing typos or lists (`36 ,1 độ C`, `172/55 ,172/46`)",
    "- ": "a dash and a space before a number separate, they are no sign: over 900 in the archive, none a minus in 50 read (`Leroy Sane - 37 triệu bảng`, `BKS 76C - 096.11`)",
}


def not_news(text):
    return next((why for start, why in NOT_NEWS_FORMS.items() if text.startswith(start)), None)


def numeral_sentence(text, value):
    if value < 0:
        return f"Lợi nhuận năm 2016 là {text} đồng.", "money"
    if value != int(value):
        return f"Tỷ lệ hộ nghèo còn {text}%.", "percent"
    return f"Toàn huyện có {text} người tham gia.", "count"


def cases():
    """(category, sentence, [(kind, wanted values)]) — every pair must be found."""
    for e in read("numeral.jsonl"):
        v = e["expected"]["value"]
        sentence, kind = numeral_sentence(e["text"], v)
        yield ("numeral", "numeral"), e["text"], sentence, [(kind, [v])]
    for e in read("money.jsonl"):
        x = e["expected"]
        if x.get("currency") != "VND":
            continue
        sentence = f"Tổng kinh phí là {e['text']} cho hội nghị."
        if x["type"] == "simple":
            yield ("money", "VND amount"), e["text"], sentence, [("money", [x["value"]])]
        elif x["type"] == "between":
            yield ("money", "VND range (both ends)"), e["text"], sentence, [("money", [x["from"]]), ("money", [x["to"]])]
        else:
            yield ("money", f"VND bound ({x['type']})"), e["text"], sentence, [("money", [x["value"]])]
    for e in read("time.jsonl"):
        x = e["expected"]
        if x.get("group") in ("absolute", "year implied") and x.get("timex"):
            text = e["text"]
            when = text if text.startswith("vào ") else "vào " + text
            yield ("time " + x["group"], x["category"]), text, f"Hội nghị diễn ra {when} tại huyện.", [("date", x["timex"])]


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
            for i, (_, _, sentence, _) in enumerate(all_cases):
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
    misses, apart = [], []
    for i, (category, text, sentence, wanted) in enumerate(all_cases):
        got = facts.get(i, [])
        ok = all(any(k == kind and any(same(category, v, w) for w in values) for k, v in got)
                 for kind, values in wanted)
        why = not_news(text) if category[0] == "numeral" else None
        if why:
            apart.append(f"| `{text}` | {'read' if ok else 'not read'} | {why} |")
            continue
        per[category][1] += 1
        per[category][0] += ok
        if not ok:
            misses.append(f"{category[1]}: {sentence!r} want {wanted}, got {got}")
    print("| group | category | exact | of | share |")
    print("|---|---|---|---|---|")
    for (group, cat), (ok, n) in sorted(per.items()):
        print(f"| {group} | {cat} | {ok} | {n} | {ok / n:.0%} |")
    total_ok, total = sum(v[0] for v in per.values()), sum(v[1] for v in per.values())
    print(f"\n{total_ok} of {total} exact")
    print("\nNot counted: forms news do not write as numbers.\n")
    print("| text | thidua | why |")
    print("|---|---|---|")
    print("\n".join(apart))
    if "-v" in sys.argv:
        print()
        print("\n".join(misses))


if __name__ == "__main__":
    main()
