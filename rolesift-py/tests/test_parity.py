"""The Python package gives the command line's answers, through every path."""

from __future__ import annotations

import json

import pyarrow as pa
import pytest

import rolesift

FIELDS = ("label", "confidence", "review", "review_reasons", "scores", "evidence")


def title_of(record: dict) -> str:
    return record.get("title") or ""


@pytest.mark.parametrize("ignore_title", [False, True])
def test_classify_one_posting_equals_the_cli(postings, cli_answers, ignore_title):
    path, records = postings
    expected = cli_answers(path, ignore_title)
    assert len(expected) == len(records)
    for record, want in zip(records, expected):
        got = rolesift.classify(title_of(record), record["description"], ignore_title=ignore_title)
        for field in FIELDS:
            assert got[field] == want[field], (record.get("id"), field)


def rows_of(batch: pa.RecordBatch) -> list[dict]:
    rows = batch.to_pylist()
    for row in rows:
        row["evidence"] = json.loads(row["evidence"])
    return rows


@pytest.mark.parametrize("ignore_title", [False, True])
def test_classify_arrays_equals_the_cli(postings, cli_answers, ignore_title):
    path, records = postings
    expected = cli_answers(path, ignore_title)
    batch = rolesift.classify_arrays(
        pa.array([title_of(r) for r in records]),
        pa.array([r["description"] for r in records]),
        ignore_title=ignore_title,
        threads=2,
    )
    assert batch.num_rows == len(records)
    for got, want in zip(rows_of(batch), expected):
        assert got["error"] is None
        for field in FIELDS:
            assert got[field] == want[field], (want["id"], field)


def test_classify_table_and_polars_keep_ids_and_order(postings, cli_answers):
    path, records = postings
    expected = cli_answers(path, False)
    table = pa.Table.from_pylist(
        [{"id": str(r["id"]), "title": title_of(r), "description": r["description"]} for r in records]
    )
    out = rolesift.classify_table(table)
    assert out.column_names[0] == "id"
    assert out.column("id").to_pylist() == [w["id"] for w in expected]
    assert out.column("label").to_pylist() == [w["label"] for w in expected]
    pl = pytest.importorskip("polars")
    frame = rolesift.classify_polars(pl.from_arrow(table))
    assert frame.get_column("label").to_list() == [w["label"] for w in expected]
    assert frame.get_column("confidence").to_list() == [w["confidence"] for w in expected]


def test_every_arrow_string_type_and_a_polars_series_are_accepted():
    title, body = "Product Owner", "Own the product backlog and run sprint planning."
    want = rolesift.classify(title, body)["label"]
    for kind in (pa.string(), pa.large_string(), pa.string_view()):
        batch = rolesift.classify_arrays(pa.array([title], kind), pa.array([body], kind))
        assert batch.column("label").to_pylist() == [want]
    chunked = pa.chunked_array([[title], [title]])
    batch = rolesift.classify_arrays(chunked, pa.chunked_array([[body], [body]]))
    assert batch.column("label").to_pylist() == [want, want]
    pl = pytest.importorskip("polars")
    batch = rolesift.classify_arrays(pl.Series([title]), pl.Series([body]))
    assert batch.column("label").to_pylist() == [want]
    batch = rolesift.classify_arrays([title], [body])
    assert batch.column("label").to_pylist() == [want]


def test_a_row_that_cannot_be_classified_is_kept_with_its_error():
    batch = rolesift.classify_arrays(
        pa.array(["Product Owner", "x", None]),
        pa.array(["Own the product backlog.", "   ", None]),
    )
    rows = batch.to_pylist()
    assert [r["error"] for r in rows] == [None, "empty description", "empty description"]
    assert rows[0]["label"] == "product_owner"
    assert rows[1]["label"] is None
    with pytest.raises(ValueError, match="empty description"):
        rolesift.classify("PO", "  ")


def test_bad_inputs_and_models_are_python_exceptions_with_the_cli_messages(tmp_path):
    with pytest.raises(ValueError, match="differ in length"):
        rolesift.classify_arrays(pa.array(["a"]), pa.array(["b", "c"]))
    with pytest.raises(TypeError, match="must be Arrow strings"):
        rolesift.classify_arrays(pa.array([1]), pa.array(["b"]))
    with pytest.raises(ValueError, match="No such file"):
        rolesift.Classifier(model=str(tmp_path / "missing.json"))
    overlay = tmp_path / "o.toml"
    overlay.write_text('[[term]]\nterm = "jira"\nrole = "product_owner"\nweight = 1e308\n')
    with pytest.raises(ValueError, match=r"must be a number in \[0, 1000\]"):
        rolesift.Classifier(overlays=[str(overlay)])


def test_another_model_through_classifier(tmp_path, cli):
    import subprocess

    overlay = tmp_path / "o.toml"
    overlay.write_text('[[term]]\nterm = "zebra stripes"\nrole = "product_owner"\nweight = 9\n')
    custom = rolesift.Classifier(overlays=[str(overlay)])
    assert custom.model_hash() != rolesift.model_hash()
    body = "Count the zebra stripes and own the product backlog."
    got = custom.classify("", body)
    out = subprocess.run(
        [str(cli), "classify", "-", "--format", "jsonl", "--overlay", str(overlay), "--quiet"],
        input=json.dumps({"description": body}),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    want = json.loads(out)
    for field in FIELDS:
        assert got[field] == want[field], field
    assert rolesift.__version__
