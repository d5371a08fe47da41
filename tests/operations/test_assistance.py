"""Suggestions never touch the measurement: agreement leaves assisted documents out and says so."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from annotator.cli import main
from annotator.core.span_ids import new_span_uid
from annotator.core.suggestions import suggested_provenance
from annotator.core.types import Span
from annotator.store import suggestions
from annotator.store.spans import add_span
from tests.coded import code, new_project

TEXTS = [(f"doc {i}", f"Sentence one of {i}. Sentence two of {i}. Sentence three of {i}.") for i in range(6)]


def _agreement(path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> dict:
    assert main(["agreement", str(path), "--json", *extra]) == 0
    return orjson.loads(capsys.readouterr().out)


def _figures(report: dict) -> dict:
    return {k: v for k, v in report.items() if k != "notes"}


def test_agreement_is_unchanged_by_suggested_documents(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "study.annotator"
    db, ids = new_project(path, TEXTS)
    for i, doc in enumerate(ids[:5]):
        code(db, doc, "alice", stance="pro-isolation", spans=[(0, 19, "pro-isolation")])
        code(db, doc, "bob", stance="pro-isolation" if i % 2 else "ambivalent", spans=[(0, 19, "pro-isolation" if i % 3 else "ambivalent")])
    before = _agreement(path, capsys)
    assert main(["export", str(path), "-o", str(tmp_path / "before.jsonl")]) == 0
    capsys.readouterr()
    before_jsonl = _agreement(tmp_path / "before.jsonl", capsys)
    # alice codes the sixth document with suggestions (accepting one), bob without: they agree perfectly there
    with db.transaction() as tx:
        shown = suggestions.show_suggestions(tx, ids[5], "alice", "1-abc", [(0, 19, "pro-engagement", 0.8)])
        add_span(tx, Span(new_span_uid(), ids[5], "alice", 0, 19, "pro-engagement", provenance=suggested_provenance("1-abc")))
        suggestions.set_decision(tx, shown[0].id, "accepted")
    code(db, ids[5], "alice", stance="pro-engagement")
    code(db, ids[5], "bob", stance="pro-engagement", spans=[(0, 19, "pro-engagement")])
    after = _agreement(path, capsys)
    assert _figures(after) == _figures(before)
    assert any("1 document(s) coded with model suggestions were left out" in n for n in after["notes"])
    included = _agreement(path, capsys, "--include-assisted")
    assert _figures(included) != _figures(before)
    assert any("are included" in n for n in included["notes"])
    # the same holds for a JSONL export: the accepted span's provenance carries the mark
    export = tmp_path / "all.jsonl"
    assert main(["export", str(path), "-o", str(export)]) == 0
    capsys.readouterr()
    assert _figures(_agreement(export, capsys)) == _figures(before_jsonl)
    db.close()


def test_a_document_only_seen_with_suggestions_is_left_out_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "study.annotator"
    db, ids = new_project(path, TEXTS)
    for doc in ids[:3]:
        code(db, doc, "alice", stance="ambivalent", spans=[(0, 19, "ambivalent")])
        code(db, doc, "bob", stance="ambivalent", spans=[(0, 19, "pro-isolation")])
    with db.transaction() as tx:  # alice saw (and rejected) a suggestion: no span carries the mark
        suggestions.show_suggestions(tx, ids[0], "alice", "1-abc", [(21, 40, "pro-engagement", 0.6)])
    report = _agreement(path, capsys)
    assert report["documents"]["n_units"] == 2
    db.close()


def test_hand_out_carries_the_model_and_merge_brings_the_assisted_marks_back(tmp_path: Path) -> None:
    from annotator.operations.merging import handout, merge
    from annotator.operations.projects import open_project
    from annotator.store.models import latest_model, save_model

    path = tmp_path / "study.annotator"
    db, ids = new_project(path, TEXTS)
    with db.transaction() as tx:
        save_model(tx, "cd" * 32, {"figures": {}}, b"PK\x03\x04 model bytes")
        suggestions.set_suggestions_off_in_reliability_sample(tx, True)
    db.close()
    copy = handout(path, "alice", tmp_path / "alice.annotator")
    db = open_project(copy, create=False)
    with db.transaction() as tx:
        assert latest_model(tx).data == b"PK\x03\x04 model bytes"
        assert suggestions.suggestions_off_in_reliability_sample(tx)
        suggestions.show_suggestions(tx, ids[2], "alice", "1-cdcdcdcd", [(0, 19, "ambivalent", 0.7)])
    db.close()
    merge(path, [copy])
    db = open_project(path, create=False)
    with db.read() as tx:
        assert list(suggestions.assisted_coders(tx).values()) == [{"alice"}]
    db.close()
