"""thidua on Spark: the five tables as Spark DataFrames, extracted on the executors.

One pass over the input with ``mapInArrow``: each batch of records (or each file) is
extracted by the same Rust pipeline as the command line's, and comes back as one row per
document whose ``quantities``, ``awards``, ``dates`` and ``checks`` columns hold that
document's facts; the five tables are projections of those rows. They are persisted, so
using all five extracts once.

The executors need the ``thidua`` package (and, for paths, the files at the same paths): in
local mode they use the driver's environment; on a cluster ship a packed virtual
environment (``spark-submit --archives thidua-env.tar.gz#env``, see the README's "On a
cluster").
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Optional, Union

import pyarrow as pa

from . import TABLES, _native, extract_arrow, _arrow

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

__all__ = ["extract"]

FACTS = TABLES[1:]
#: The columns of records Spark hands over; others are ignored.
RECORD_COLUMNS = (
    "id", "doc_id", "source", "text", "content", "body", "html", "title", "published", "date",
    "published_at", "datePublished", "url", "district", "province",
)


def _for_spark(t: pa.DataType) -> pa.DataType:
    """The Arrow type Spark reads: plain strings, timestamps in microseconds."""
    if pa.types.is_large_string(t):
        return pa.string()
    if pa.types.is_timestamp(t):
        return pa.timestamp("us")
    if pa.types.is_struct(t):
        return pa.struct([pa.field(f.name, _for_spark(f.type), f.nullable) for f in t])
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        return pa.list_(_for_spark(t.value_type))
    return t


def _nested(tables: dict[str, pa.Table]) -> pa.RecordBatch:
    """One row per document: its columns, and a list of its rows of each fact table."""
    docs = tables["documents"].combine_chunks()
    columns = list(docs.columns)
    names = list(docs.column_names)
    for fact in FACTS:
        table = tables[fact].drop_columns(["doc_id"]).combine_chunks()
        counts = docs.column(f"n_{fact}").to_pylist()
        offsets = [0]
        for n in counts:
            offsets.append(offsets[-1] + n)
        if offsets[-1] != table.num_rows:
            raise RuntimeError(f"{fact}: {table.num_rows} rows, but n_{fact} adds up to {offsets[-1]}")
        rows = pa.StructArray.from_arrays(
            [c.combine_chunks() for c in table.columns], fields=list(table.schema)
        )
        columns.append(pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), rows))
        names.append(fact)
    columns = [c.combine_chunks() if isinstance(c, pa.ChunkedArray) else c for c in columns]
    schema = pa.schema([pa.field(n, _for_spark(c.type)) for n, c in zip(names, columns)])
    return pa.RecordBatch.from_arrays(
        [c.cast(f.type) for c, f in zip(columns, schema)], schema=schema
    )


def _empty_tables() -> dict[str, pa.Table]:
    return _arrow(_native.extract_records([], large_strings=True))


def _spark_schema():
    from pyspark.sql.pandas.types import from_arrow_schema

    return from_arrow_schema(_nested(_empty_tables()).schema)


def _records_job(patterns: Optional[str], threads: int, name: str):
    def job(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            keep = [c for c in batch.schema.names if c in RECORD_COLUMNS]
            records = batch.select(keep)
            tables = extract_arrow(records, patterns=patterns, threads=threads, name=name)
            yield _nested(tables)

    return job


def _paths_job(patterns: Optional[str], threads: int):
    def job(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            for path in batch.column("path").to_pylist():
                streams = _native.extract_paths(
                    [path], patterns=patterns, threads=threads, large_strings=True
                )
                yield _nested(_arrow(streams))

    return job


def _local_interpreter(spark: "SparkSession") -> None:
    """In local mode, unless PYSPARK_PYTHON says otherwise, the Python workers run this
    interpreter, which has thidua (the default, `python3` on the PATH, may not)."""
    context = spark.sparkContext
    if context.master.startswith("local") and "PYSPARK_PYTHON" not in os.environ:
        # Read by each Python function Spark creates from here on.
        context.pythonExec = sys.executable


def _files(paths: Iterable[Union[str, os.PathLike]]) -> list[str]:
    """Files in the order the command line reads them: folders walked, names sorted."""
    out = []
    for path in paths:
        path = os.fspath(path)
        if os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs.sort()
                out.extend(os.path.join(root, f) for f in sorted(files))
        else:
            out.append(path)
    return out


def extract(
    data: Union["DataFrame", str, os.PathLike, Iterable[Union[str, os.PathLike]]],
    *,
    spark: Optional["SparkSession"] = None,
    patterns: Optional[Union[str, os.PathLike]] = None,
    threads: int = 1,
    partitions: Optional[int] = None,
    name: str = "records",
) -> dict[str, "DataFrame"]:
    """Extracts on Spark; returns ``{table: Spark DataFrame}`` for the five tables.

    Args:
        data: a Spark DataFrame of records (columns ``text`` or ``html``, and optionally
            ``id``, ``url``, ``title``, ``published``, ``source``; see :func:`thidua.extract`),
            or paths of files, folders, JSON Lines or WARC archives, which the executors read
            (each file is one task; the files must be at the same paths there).
        spark: the session (default: the active one, or a new one).
        patterns: a folder of extra rules, at the same path on the executors.
        threads: threads per task (Spark runs several tasks per executor already).
        partitions: how many tasks (default: one per file, or the DataFrame's partitions).
        name: the prefix of records' default ``source``: ``name#id``, or, when the DataFrame
            has no ``id``, ``doc_id`` or ``source`` column, ``name@N`` with N unique (Spark's
            ``monotonically_increasing_id``).

    Returns:
        The five tables, with the columns of the command line's (strings as Spark strings,
        timestamps as ``timestamp_ntz``), persisted: the extraction runs once for all five.
    """
    from pyspark.sql import DataFrame, SparkSession, functions as F

    patterns = None if patterns is None else os.fspath(patterns)
    schema = _spark_schema()
    if isinstance(data, DataFrame):
        _local_interpreter(data.sparkSession)
        frame = data if partitions is None else data.repartition(partitions)
        if not {"id", "doc_id", "source"} & set(frame.columns):
            # Records are counted within each batch otherwise: give each a unique source.
            row = F.monotonically_increasing_id().cast("string")
            frame = frame.withColumn("source", F.concat(F.lit(f"{name}@"), row))
        nested = frame.mapInArrow(_records_job(patterns, threads, name), schema)
    else:
        session = spark or SparkSession.builder.getOrCreate()
        _local_interpreter(session)
        paths = _files([data] if isinstance(data, (str, os.PathLike)) else data)
        for path in paths:
            if not os.path.exists(path):
                raise FileNotFoundError(f"cannot read {path}")
        files = session.createDataFrame([(p,) for p in paths], "path string")
        files = files.repartition(partitions or max(len(paths), 1), "path")
        nested = files.mapInArrow(_paths_job(patterns, threads), schema)
    nested = nested.persist()
    documents = nested.drop(*FACTS)
    tables = {"documents": documents}
    for fact in FACTS:
        rows = nested.select("doc_id", F.explode(fact).alias("row"))
        tables[fact] = rows.select("doc_id", "row.*")
    return tables
