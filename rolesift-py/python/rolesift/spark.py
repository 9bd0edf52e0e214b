"""rolesift as a stage in Apache Spark.

Spark is the distributed engine to reach for beyond one machine; rolesift adds no cluster code
of its own. Each executor classifies its partitions' Arrow batches with the same classifier as
the command line (:func:`classify_dataframe`, through ``DataFrame.mapInArrow``), or a column
expression does it (:func:`classify_udf`, an Arrow UDF, Spark ≥ 4.1).

The package must be importable on the executors (a packed venv shipped with ``--archives`` and
``spark.pyspark.python``, or the cluster's library install: see docs/python.md). Executors run
``PYSPARK_PYTHON`` (``python3`` on their PATH by default), not the driver's interpreter.
"""

from __future__ import annotations

import functools
from typing import Iterator, Optional, Sequence

import pyarrow as pa

__all__ = ["classify_dataframe", "classify_udf", "RESULT_DDL", "RESULT_STRUCT_DDL"]

_RESULT_COLUMNS = (
    ("label", "string"),
    ("confidence", "double"),
    ("review", "boolean"),
    ("review_reasons", "array<string>"),
    ("scores", "struct<product_owner: double, product_manager: double, other_role: double>"),
    ("evidence", "string"),
    ("error", "string"),
)

#: The classification columns, as Spark DDL (the same names and types as
#: :func:`rolesift.classify_arrays`).
RESULT_DDL = ", ".join(f"{name} {kind}" for name, kind in _RESULT_COLUMNS)

#: The same as one struct, what :func:`classify_udf` returns.
RESULT_STRUCT_DDL = "struct<" + ", ".join(f"{name}: {kind}" for name, kind in _RESULT_COLUMNS) + ">"


def _classifier(model: Optional[str], overlays: Sequence[str]):
    import rolesift

    if model is None and not overlays:
        return rolesift._classifier()
    return _cached_classifier(model, tuple(overlays))


@functools.lru_cache(maxsize=4)
def _cached_classifier(model: Optional[str], overlays: tuple):
    import rolesift

    return rolesift.Classifier(model, overlays)


def _classify_batches(
    batches: Iterator[pa.RecordBatch],
    *,
    title: str,
    body: str,
    keep: Sequence[str],
    ignore_title: bool,
    threads: Optional[int],
    model: Optional[str],
    overlays: Sequence[str],
) -> Iterator[pa.RecordBatch]:
    """The function ``mapInArrow`` runs on the executors. It lives in this module so it is
    pickled by reference: a function defined in a notebook or a test would be pickled by value
    and fail there."""
    classifier = _classifier(model, overlays)
    for batch in batches:
        table = classifier.classify_table(
            pa.Table.from_batches([batch]),
            title=title,
            body=body,
            keep=keep,
            ignore_title=ignore_title,
            threads=threads,
        )
        yield from table.to_batches()


def classify_dataframe(
    df,
    *,
    title: str = "title",
    body: str = "description",
    keep: Sequence[str] = ("id",),
    ignore_title: bool = False,
    threads: Optional[int] = 1,
    model: Optional[str] = None,
    overlays: Sequence[str] = (),
):
    """A Spark DataFrame of postings → a DataFrame with the ``keep`` columns that exist and
    the classification columns (:data:`RESULT_DDL`), one row per input row.

    ``threads`` is per task and 1 by default: Spark already runs one task per core, and more
    threads per task would oversubscribe the executors. A model file and overlays must exist at
    the same path on every executor.
    """
    from pyspark.sql.types import StructType, _parse_datatype_string

    kept = [field for field in df.schema.fields if field.name in keep]
    schema = StructType(kept + list(_parse_datatype_string(RESULT_DDL).fields))
    run = functools.partial(
        _classify_batches,
        title=title,
        body=body,
        keep=[field.name for field in kept],
        ignore_title=ignore_title,
        threads=threads,
        model=model,
        overlays=tuple(overlays),
    )
    return df.mapInArrow(run, schema)


def _as_struct(batch: pa.RecordBatch) -> pa.Array:
    return pa.StructArray.from_arrays(batch.columns, names=batch.schema.names)


def _udf_with_titles(titles: pa.Array, bodies: pa.Array) -> pa.Array:
    return _as_struct(_classifier(None, ()).classify_arrays(titles, bodies, threads=1))


def _udf_body_only(titles: pa.Array, bodies: pa.Array) -> pa.Array:
    return _as_struct(
        _classifier(None, ()).classify_arrays(titles, bodies, ignore_title=True, threads=1)
    )


def classify_udf(*, ignore_title: bool = False):
    """A column function ``(title, body) → struct`` of the classification columns, for
    ``df.withColumn("rolesift", classify_udf()("title", "description"))``. An Arrow UDF: Spark
    ≥ 4.1, no pandas needed. Uses the default model."""
    from pyspark.sql.functions import arrow_udf

    function = _udf_body_only if ignore_title else _udf_with_titles
    return arrow_udf(function, RESULT_STRUCT_DDL)
