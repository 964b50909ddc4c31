"""Every table of a run reads in the tools analysts use, with the documented types: DuckDB,
pandas over pyarrow, python polars; offsets subtract; the README's queries give the same
rows in DuckDB as in `thidua query`."""
import json
import os
import re
from pathlib import Path

import pytest

from conftest import REPO, thidua

duckdb = pytest.importorskip("duckdb")
pl = pytest.importorskip("polars")
pd = pytest.importorskip("pandas")
pa = pytest.importorskip("pyarrow")
import pyarrow.dataset  # noqa: E402
import pyarrow.parquet  # noqa: E402

TABLES = ["documents", "quantities", "awards", "dates", "checks"]
EXT = {"parquet": "parquet", "csv": "csv", "ndjson": "ndjson"}


def path_of(folder: Path, table: str, fmt: str, layout: str) -> str:
    if layout == "parts":
        return str(folder / table / f"*.{EXT[fmt]}")
    return str(folder / f"{table}.{EXT[fmt]}")


def duck_read(fmt: str, path: str) -> str:
    return {"parquet": "read_parquet", "csv": "read_csv", "ndjson": "read_json"}[fmt] + f"('{path}')"


@pytest.mark.parametrize("layout", ["files", "parts"])
def test_parquet_types_in_pyarrow_duckdb_and_polars(seeds_run, layout):
    folder = seeds_run[("parquet", layout)]
    for table in TABLES:
        path = path_of(folder, table, "parquet", layout)
        if layout == "parts":
            arrow = pa.dataset.dataset(str(folder / table), format="parquet").to_table()
        else:
            arrow = pa.parquet.read_table(path)
        types = {f.name: str(f.type) for f in arrow.schema}
        assert not any("view" in t for t in types.values()), types
        assert not any(t.startswith("uint") for t in types.values()), types
        if table == "documents":
            assert types["published"] == "timestamp[ms]" and types["fetched"] == "timestamp[ms]"
            assert types["n_chars"] == "int64" and types["text"] == "large_string"
        if table == "dates":
            assert types["first_day"] == "date32[day]" and types["last_day"] == "date32[day]"
        if table != "documents":
            assert types["start"] == "int64" and types["end"] == "int64"
        assert pl.read_parquet(path).height == arrow.num_rows > 0 or table == "checks"
        assert duckdb.sql(f"SELECT count(*) FROM {duck_read('parquet', path)}").fetchall()[0][0] == arrow.num_rows


@pytest.mark.parametrize("fmt", ["parquet", "csv", "ndjson"])
@pytest.mark.parametrize("layout", ["files", "parts"])
def test_offsets_subtract_and_text_formats_read_without_hints(seeds_run, fmt, layout):
    folder = seeds_run[(fmt, layout)]
    q = path_of(folder, "quantities", fmt, layout)
    d = path_of(folder, "documents", fmt, layout)
    # DuckDB: the span of each fact is its length, and a difference may be negative.
    spans = duckdb.sql(
        f"SELECT count(*) FILTER (WHERE \"end\" - start <> length(text)), min(start - \"end\") FROM {duck_read(fmt, q)}"
    ).fetchall()[0]
    assert spans[0] == 0 and spans[1] < 0
    # polars types an NDJSON column by its first 100 rows: one null there and a value later
    # fails, so it reads NDJSON with the whole file as the sample (README, Reading the tables).
    read = {
        "parquet": pl.read_parquet,
        "csv": pl.read_csv,
        "ndjson": lambda p: pl.read_ndjson(p, infer_schema_length=None),
    }[fmt]
    frames = [read(p) for p in sorted(Path(q).parent.glob(Path(q).name))]
    frame = pl.concat(frames, how="vertical_relaxed")
    assert (frame["start"] - frame["end"]).max() < 0
    docs = pl.concat([read(p) for p in sorted(Path(d).parent.glob(Path(d).name))], how="vertical_relaxed")
    assert docs.height == 5
    published = duckdb.sql(f"SELECT CAST(published AS DATE) FROM {duck_read(fmt, d)} WHERE published IS NOT NULL").fetchall()
    assert len(published) >= 2


def test_pandas_over_pyarrow_reads_every_table(seeds_run):
    folder = seeds_run[("parquet", "files")]
    for table in TABLES:
        df = pd.read_parquet(folder / f"{table}.parquet")
        if table == "quantities":
            assert ((df["start"] - df["end"]) < 0).all()
        if table == "documents":
            assert str(df["published"].dtype).startswith("datetime64")


def readme_queries() -> list[str]:
    """The SQL of the README's `thidua query` examples."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    return [q for q in re.findall(r'thidua query "([^"]+)"', text) if "…" not in q]


def test_readme_queries_give_the_same_rows_in_duckdb(seeds_run):
    folder = seeds_run[("parquet", "files")]
    queries = readme_queries()
    assert len(queries) >= 3
    con = duckdb.connect()
    for table in TABLES:
        con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{folder / (table + '.parquet')}')")
    for sql in queries:
        ours = thidua("query", sql, "--out", str(folder), "--format", "ndjson").stdout
        mine = [json.loads(line) for line in ours.splitlines()]
        theirs = con.execute(sql).fetchall()
        cols = [c[0] for c in con.description]
        as_rows = lambda rs: sorted(json.dumps([str(v) for v in r]) for r in rs)  # noqa: E731
        assert as_rows([[m[c] for c in cols] for m in mine]) == as_rows(theirs), sql


OLD_READER = """
import sys, pandas as pd, pyarrow as pa, pyarrow.parquet as pq, pyarrow.dataset as ds
files, parts = sys.argv[1], sys.argv[2]
for table in {tables!r}:
    df = pd.read_parquet(f"{{files}}/{{table}}.parquet")
    whole = ds.dataset(f"{{parts}}/{{table}}", format="parquet").to_table().to_pandas()
    assert len(df) == len(whole), table
    if "start" in df:
        assert ((df["end"] - df["start"]) > 0).all(), table
print(pa.__version__, pd.__version__)
"""


@pytest.mark.skipif(not os.environ.get("THIDUA_OLD_PYTHON"), reason="THIDUA_OLD_PYTHON (pyarrow 14, pandas 2.1) not set")
def test_pyarrow_14_and_pandas_2_1_read_every_table(seeds_run):
    import subprocess

    script = OLD_READER.format(tables=TABLES)
    files, parts = seeds_run[("parquet", "files")], seeds_run[("parquet", "parts")]
    done = subprocess.run([os.environ["THIDUA_OLD_PYTHON"], "-c", script, str(files), str(parts)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("14.")
