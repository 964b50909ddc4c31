"""thidua.spark in local mode (local[2]) gives the command line's rows: the seeds and the
district dev set read by the executors as paths, and the dev set's records as a Spark
DataFrame."""
import json
import shutil

import pytest

from conftest import SHARED, thidua as cli

pytest.importorskip("thidua")
pl = pytest.importorskip("polars")
pytest.importorskip("pyspark")
if not shutil.which("java"):
    pytest.skip("Spark needs a Java runtime", allow_module_level=True)

import thidua.spark  # noqa: E402
from polars.testing import assert_frame_equal  # noqa: E402

TABLES = ["documents", "quantities", "awards", "dates", "checks"]
DEV = SHARED / "district" / "daksong-dev.jsonl"


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def sorted_rows(frame: "pl.DataFrame") -> "pl.DataFrame":
    return frame.sort(frame.columns, nulls_last=True)


def assert_same_rows(spark_tables: dict, cli_out):
    assert list(spark_tables) == TABLES
    for table in TABLES:
        want = pl.read_parquet(cli_out / f"{table}.parquet")
        got = pl.from_arrow(spark_tables[table].toArrow()).cast(want.schema)
        assert got.columns == want.columns
        assert got.height == want.height
        assert_frame_equal(sorted_rows(got), sorted_rows(want), check_exact=True)


def test_paths_read_by_the_executors(spark, tmp_path):
    inputs = [str(SHARED / "seeds"), str(DEV)]
    cli("extract", *inputs, "--out", str(tmp_path), "--quiet")
    assert_same_rows(thidua.spark.extract(inputs, spark=spark), tmp_path)


def test_records_of_a_spark_dataframe(spark, tmp_path):
    cli("extract", str(DEV), "--out", str(tmp_path), "--quiet")
    records = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines()]
    # One partition: records without an id are counted within their partition.
    frame = spark.createDataFrame(records).coalesce(1)
    assert_same_rows(thidua.spark.extract(frame, name=str(DEV)), tmp_path)


def test_records_without_ids_get_unique_sources(spark):
    records = [{"text": f"Năm 2023, huyện tặng giấy khen cho {n} tập thể."} for n in range(1, 41)]
    frame = spark.createDataFrame(records).repartition(3)
    documents = thidua.spark.extract(frame, name="batch")["documents"].toArrow()
    sources = documents.column("source").to_pylist()
    assert len(set(sources)) == 40
    assert all(s.startswith("batch@") for s in sources)
