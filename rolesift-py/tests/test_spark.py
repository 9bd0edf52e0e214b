"""rolesift as a Spark stage: the same answers as the CLI, through mapInArrow and the Arrow
UDF, on Spark local[2]. Skipped (with a SKIPPED line) only when Java is absent."""

from __future__ import annotations

import json
import os
import shutil
import sys

import pytest

import rolesift

if shutil.which("java") is None:
    print("SKIPPED the Spark tests: Java is absent (install a JDK 17 to run them)")
    pytest.skip("Java is absent", allow_module_level=True)

pyspark = pytest.importorskip("pyspark", reason="pyspark is not installed (pip install './rolesift-py[spark]')")
import rolesift.spark  # noqa: E402

FIELDS = ("label", "confidence", "review", "review_reasons")


@pytest.fixture(scope="session")
def spark():
    # Executors run PYSPARK_PYTHON, not this interpreter, unless told.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("rolesift-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def frame(spark, records):
    rows = [(str(r["id"]), r.get("title") or "", r["description"]) for r in records]
    return spark.createDataFrame(rows, "id string, title string, description string").repartition(2)


def check(got: dict, want: dict) -> None:
    for field in FIELDS:
        assert got[field] == want[field], (want["id"], field)
    assert dict(got["scores"]) == want["scores"], want["id"]
    assert json.loads(got["evidence"]) == want["evidence"], want["id"]
    assert got["error"] is None


def test_classify_dataframe_equals_the_cli(spark, postings, cli_answers):
    path, records = postings
    expected = cli_answers(path, False)
    out = rolesift.spark.classify_dataframe(frame(spark, records)).collect()
    assert len(out) == len(records)
    by_id = {row["id"]: row.asDict(recursive=True) for row in out}
    for want in expected:
        check(by_id[str(want["id"])], want)


def test_classify_udf_equals_the_cli_body_only(spark, postings, cli_answers):
    if not hasattr(pyspark.sql.functions, "arrow_udf"):
        pytest.skip(f"arrow_udf needs Spark 4.1 or later, this is {pyspark.__version__}")
    path, records = postings
    expected = cli_answers(path, True)
    udf = rolesift.spark.classify_udf(ignore_title=True)
    out = (
        frame(spark, records)
        .withColumn("rolesift", udf("title", "description"))
        .select("id", "rolesift.*")
        .collect()
    )
    by_id = {row["id"]: row.asDict(recursive=True) for row in out}
    for want in expected:
        check(by_id[str(want["id"])], want)
