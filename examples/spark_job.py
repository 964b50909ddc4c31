"""Extracts archives on Spark and writes the five tables as Parquet folders.

    spark-submit examples/spark_job.py OUT INPUT...

INPUT: files, folders, JSON Lines or WARC archives (at the same paths on every executor).
Each file is one task; a single large archive is one task too, so split archives (or pass a
DataFrame of records to thidua.spark.extract) to spread one over the cluster.
"""
import sys
import time

from pyspark.sql import SparkSession

import thidua.spark


def main(out: str, inputs: list[str]) -> None:
    spark = SparkSession.builder.appName("thidua").getOrCreate()
    started = time.perf_counter()
    tables = thidua.spark.extract(inputs, spark=spark)
    for name, table in tables.items():
        table.write.mode("overwrite").parquet(f"{out}/{name}")
    counts = {name: spark.read.parquet(f"{out}/{name}").count() for name in tables}
    print(f"{counts} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    spark.stop()


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2:])
