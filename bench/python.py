#!/usr/bin/env python3
"""The Python package and Spark local[2] on the bulk archive, against the command line:
wall time of each (two threads or two cores everywhere), and the rows compared.

- cli: `thidua extract ARCHIVE --threads 2` (release build), Parquet written;
- extract_paths: `thidua.extract_paths([ARCHIVE], threads=2)`: every table must equal the
  command line's, row for row;
- extract: the archive's lines parsed with `json.loads`, then `thidua.extract(records,
  name=ARCHIVE, threads=2)`: equal too (the parse is timed apart);
- spark: `spark.read.json(ARCHIVE)` in local[2], two partitions, `thidua.spark.extract`, the
  five tables written as Parquet: the same number of rows per table.

usage: python bench/python.py [THIDUA]   (in an environment with thidua, polars, pyspark)
"""
import gzip
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import polars as pl
from polars.testing import assert_frame_equal

import thidua

REPO = Path(__file__).resolve().parents[1]
ARCHIVE = str(REPO.parent / "shared" / "bench" / "vnnews-2017.jsonl.gz")
target = Path(os.environ.get("CARGO_TARGET_DIR", Path.home() / ".cache" / "thidua-target"))
THIDUA = sys.argv[1] if len(sys.argv) > 1 else str(target / "release" / "thidua")


def timed(label, f):
    started = time.perf_counter()
    result = f()
    elapsed = time.perf_counter() - started
    print(f"{label:<28} {elapsed:7.2f} s", flush=True)
    return result, elapsed


def same(got: dict, want: dict, label: str):
    for table, frame in want.items():
        assert_frame_equal(got[table], frame, check_exact=True)
    print(f"{label}: rows identical to the command line's in all five tables", flush=True)


with tempfile.TemporaryDirectory() as work:
    out = Path(work) / "cli"
    cmd = f"{THIDUA} extract {ARCHIVE} --out {out} --threads 2 --quiet"
    _, cli = timed("cli (--threads 2)", lambda: os.system(cmd))
    want = {t: pl.read_parquet(out / f"{t}.parquet") for t in thidua.TABLES}
    print({t: f.height for t, f in want.items()})

    got, paths = timed("extract_paths (threads=2)", lambda: thidua.extract_paths([ARCHIVE], threads=2))
    same(got, want, "extract_paths")
    del got

    def parse():
        with gzip.open(ARCHIVE, "rt", encoding="utf-8") as lines:
            return [json.loads(line) for line in lines]

    records, parsing = timed("json.loads of the lines", parse)
    got, records_time = timed("extract (threads=2)", lambda: thidua.extract(records, name=ARCHIVE, threads=2))
    same(got, want, "extract")
    del got, records

    from pyspark.sql import SparkSession

    import thidua.spark

    spark = SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false").getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")

    def on_spark():
        frame = spark.read.json(ARCHIVE).repartition(2)
        tables = thidua.spark.extract(frame, name=ARCHIVE)
        for name, table in tables.items():
            table.write.mode("overwrite").parquet(f"{work}/spark/{name}")
        return {name: spark.read.parquet(f"{work}/spark/{name}").count() for name in tables}

    counts, spark_time = timed("spark local[2]", on_spark)
    assert counts == {t: f.height for t, f in want.items()}, counts
    print("spark: the same number of rows per table")
    spark.stop()

print(
    f"ratios to the command line: extract_paths {paths / cli:.2f}, "
    f"extract {records_time / cli:.2f} (+ parsing {parsing / cli:.2f}), spark local[2] {spark_time / cli:.2f}"
)
