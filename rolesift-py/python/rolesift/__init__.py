"""rolesift: is a job posting a product owner's, a product manager's, a hybrid of both, or
neither — and why?

The same classifier as the ``rolesift`` command line, with the same answers: one posting at a
time (:func:`classify`, a dict shaped like one JSONL record of ``rolesift classify``), or whole
Arrow columns at once (:func:`classify_arrays`, :func:`classify_table`,
:func:`classify_polars`), classified in parallel with the GIL released. For Spark, see
:mod:`rolesift.spark`.
"""

from __future__ import annotations

import json
from typing import Any, Iterable, Optional, Sequence

import pyarrow as pa

from . import _rolesift

__all__ = [
    "Classifier",
    "classify",
    "classify_arrays",
    "classify_table",
    "classify_polars",
    "model_hash",
    "__version__",
]

__version__: str = _rolesift.version()


def _strings(values: Any) -> Any:
    """Arrow strings as they are; anything else (a list, a pandas Series) through pyarrow."""
    if hasattr(values, "__arrow_c_array__") or hasattr(values, "__arrow_c_stream__"):
        return values
    return pa.array(list(values), type=pa.string())


class Classifier:
    """A classifier over a model: the embedded default, or a model file, plus overlay files
    of your own terms (as ``--model`` and ``--overlay`` on the command line).

    Raises ``ValueError`` with the command line's message for a bad model or overlay.
    """

    def __init__(self, model: Optional[str] = None, overlays: Iterable[str] = ()) -> None:
        self._inner = _rolesift.Classifier(
            None if model is None else str(model), [str(o) for o in overlays]
        )

    def model_hash(self) -> str:
        """The model's content hash, as ``rolesift model info`` prints it."""
        return self._inner.model_hash()

    def classify(
        self, title: str, body: str, *, ignore_title: bool = False, id: Optional[str] = None
    ) -> dict:
        """One posting → a dict shaped like one JSONL record of ``rolesift classify``.

        Raises ``ValueError`` for an empty description.
        """
        return json.loads(
            self._inner.classify_json(title or "", body, ignore_title=ignore_title, id=id)
        )

    def classify_arrays(
        self,
        titles: Any,
        bodies: Any,
        *,
        ignore_title: bool = False,
        threads: Optional[int] = None,
    ) -> pa.RecordBatch:
        """Columns of titles and bodies → one ``pyarrow.RecordBatch``, a row per posting in
        input order: ``label``, ``confidence``, ``review``, ``review_reasons``, ``scores``
        (``product_owner``, ``product_manager``, ``other_role``), ``evidence`` (the command
        line's JSON) and ``error`` (set only for a row that could not be classified, such as an
        empty description; such a row is never dropped).

        Inputs: Arrow ``string``, ``large_string`` or ``string_view`` arrays or chunked arrays,
        anything with ``__arrow_c_array__`` / ``__arrow_c_stream__`` (a polars Series), or a
        plain sequence of strings.
        """
        return self._inner.classify_arrays(
            _strings(titles), _strings(bodies), ignore_title=ignore_title, threads=threads
        )

    def classify_table(
        self,
        table: Any,
        *,
        title: str = "title",
        body: str = "description",
        keep: Sequence[str] = ("id",),
        ignore_title: bool = False,
        threads: Optional[int] = None,
    ) -> pa.Table:
        """A ``pyarrow.Table`` (or anything pyarrow can make one of) → the ``keep`` columns
        that exist, followed by the classification columns of :meth:`classify_arrays`."""
        if not isinstance(table, pa.Table):
            table = pa.table(table)
        titles = table.column(title) if title in table.column_names else pa.nulls(len(table), pa.string())
        batch = self.classify_arrays(
            titles, table.column(body), ignore_title=ignore_title, threads=threads
        )
        kept = [name for name in keep if name in table.column_names]
        columns = [table.column(name) for name in kept] + list(batch.columns)
        return pa.Table.from_arrays(columns, names=kept + batch.schema.names)

    def classify_polars(
        self,
        df: Any,
        *,
        title: str = "title",
        body: str = "description",
        keep: Sequence[str] = ("id",),
        ignore_title: bool = False,
        threads: Optional[int] = None,
    ) -> Any:
        """A ``polars.DataFrame`` → a ``polars.DataFrame``, as :meth:`classify_table`."""
        import polars as pl

        titles = df.get_column(title) if title in df.columns else pa.nulls(len(df), pa.string())
        batch = self.classify_arrays(
            titles, df.get_column(body), ignore_title=ignore_title, threads=threads
        )
        kept = df.select([name for name in keep if name in df.columns])
        return pl.concat([kept, pl.from_arrow(batch)], how="horizontal")


_default: Optional[Classifier] = None


def _classifier() -> Classifier:
    global _default
    if _default is None:
        _default = Classifier()
    return _default


def model_hash() -> str:
    """The embedded default model's content hash."""
    return _classifier().model_hash()


def classify(title: str, body: str, *, ignore_title: bool = False) -> dict:
    """One posting with the default model: see :meth:`Classifier.classify`."""
    return _classifier().classify(title, body, ignore_title=ignore_title)


def classify_arrays(
    titles: Any, bodies: Any, *, ignore_title: bool = False, threads: Optional[int] = None
) -> pa.RecordBatch:
    """Columns with the default model: see :meth:`Classifier.classify_arrays`."""
    return _classifier().classify_arrays(titles, bodies, ignore_title=ignore_title, threads=threads)


def classify_table(
    table: Any,
    *,
    title: str = "title",
    body: str = "description",
    keep: Sequence[str] = ("id",),
    ignore_title: bool = False,
    threads: Optional[int] = None,
) -> pa.Table:
    """A table with the default model: see :meth:`Classifier.classify_table`."""
    return _classifier().classify_table(
        table, title=title, body=body, keep=keep, ignore_title=ignore_title, threads=threads
    )


def classify_polars(
    df: Any,
    *,
    title: str = "title",
    body: str = "description",
    keep: Sequence[str] = ("id",),
    ignore_title: bool = False,
    threads: Optional[int] = None,
) -> Any:
    """A polars DataFrame with the default model: see :meth:`Classifier.classify_polars`."""
    return _classifier().classify_polars(
        df, title=title, body=body, keep=keep, ignore_title=ignore_title, threads=threads
    )
