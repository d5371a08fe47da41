"""A small golden project: its exports in every format are checked byte for byte, and each export
imports back (into an empty project) to the same spans and stances.

The project (data/golden/project.jsonl) has Cyrillic and emoji, overlapping spans, two coders and
gold. To accept a deliberate format change, run with UPDATE_GOLDEN=1 and review the diff.
"""

import os
from pathlib import Path

import orjson
import pytest

from annotator.io.formats.common import ReadOptions
from annotator.operations.exporting import export_project
from annotator.operations.importing import import_paths
from annotator.operations.projects import open_project

GOLDEN = Path(__file__).parent / "data" / "golden"
FILE_FORMATS = {"jsonl": "canonical.jsonl", "doccano": "doccano.jsonl", "prodigy": "prodigy.jsonl",
                "labelstudio": "labelstudio.jsonl", "csv": "spans.csv", "csv-stances": "stances.csv"}


@pytest.fixture
def golden(tmp_path):
    db = open_project(tmp_path / "golden.annotator")
    [outcome] = import_paths(db, [GOLDEN / "project.jsonl"])
    assert outcome.ok, outcome.error
    yield db
    db.close()


def _check(produced: bytes, expected: Path) -> None:
    if os.environ.get("UPDATE_GOLDEN"):
        expected.parent.mkdir(parents=True, exist_ok=True)
        expected.write_bytes(produced)
    assert produced == expected.read_bytes()


@pytest.mark.parametrize("fmt", sorted(FILE_FORMATS))
def test_export_is_byte_for_byte_golden(golden, tmp_path, fmt):
    path = export_project(golden, tmp_path / FILE_FORMATS[fmt], fmt=fmt).path
    _check(path.read_bytes(), GOLDEN / "expected" / FILE_FORMATS[fmt])


def test_brat_export_is_byte_for_byte_golden(golden, tmp_path):
    folder = export_project(golden, tmp_path / "brat", fmt="brat").path
    files = sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file())
    expected = GOLDEN / "expected" / "brat"
    if os.environ.get("UPDATE_GOLDEN"):
        for name in files:
            (expected / name).parent.mkdir(parents=True, exist_ok=True)
            (expected / name).write_bytes((folder / name).read_bytes())
    assert files == sorted(p.relative_to(expected) for p in expected.rglob("*") if p.is_file())
    for name in files:
        assert (folder / name).read_bytes() == (expected / name).read_bytes(), name


def _work(db, tmp_path, name):
    """(coder, text, stance, spans) of every coder's work, from a canonical export."""
    path = export_project(db, tmp_path / name).path
    out = set()
    for line in map(orjson.loads, path.read_bytes().splitlines()):
        if line["coder"] is None:
            continue
        for span in line["spans"]:
            assert line["text"][span["start"] : span["end"]] == span["text"]
        spans = tuple(sorted((s["start"], s["end"], s["label"], s["text"]) for s in line["spans"]))
        out.add((line["coder"], line["text"], line["doc_label"], spans))
    return out


@pytest.mark.parametrize("fmt", ["doccano", "prodigy", "labelstudio", "brat", "csv-stances"])
def test_each_export_imports_back_to_the_same_spans_and_stances(golden, tmp_path, fmt):
    original = _work(golden, tmp_path, "original.jsonl")
    exported = export_project(golden, tmp_path / f"out-{fmt}", fmt=fmt).path
    db = open_project(tmp_path / f"again-{fmt}.annotator")
    try:
        outcomes = import_paths(db, [exported], options=ReadOptions())
        assert all(o.complete for o in outcomes), [o.describe() for o in outcomes]
        again = _work(db, tmp_path, "again.jsonl")
    finally:
        db.close()
    if fmt == "csv-stances":  # stances only: the spans travel in the span CSV
        original = {(c, t, s, ()) for c, t, s, _ in original}
    assert again == original
