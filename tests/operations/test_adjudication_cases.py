"""Adjudication cases and progress, and the stored decisions they count (no GUI)."""

from __future__ import annotations

from pathlib import Path

from annotator.core.span_ids import new_span_uid
from annotator.core.types import GOLD_CODER, DocumentId, Span, Status
from annotator.operations.adjudication_cases import (
    NONE,
    accept_unanimous,
    accepted,
    adjudication_progress,
    load_case,
)
from annotator.store.annotations import get_annotation, restore_annotations, set_annotation
from annotator.store.decisions import all_decisions, get_decisions, set_decision
from annotator.store.spans import (
    add_span,
    delete_spans,
    restore_spans,
    spans_of_coder,
)
from tests.coded import code, new_project

TEXT = "Talks with Minsk worked. Sanctions failed. Keep the pressure on."
ENG, ISO = "pro-engagement", "pro-isolation"


def test_decisions_are_kept_per_document_and_forgotten_with_none(tmp_path: Path) -> None:
    db, _ = new_project(tmp_path / "p.annotator", [("a", TEXT)])
    with db.transaction() as tx:
        set_decision(tx, "d1", "25-42", NONE)
        set_decision(tx, "d1", "43-64", accepted("bob"))
        set_decision(tx, "d2", "0-5", "edited")
        set_decision(tx, "d2", "0-5", None)
    with db.read() as tx:
        assert get_decisions(tx, "d1") == {"25-42": "none", "43-64": "coder:bob"}
        assert get_decisions(tx, "d2") == {}
        assert all_decisions(tx) == {"d1": {"25-42": "none", "43-64": "coder:bob"}}
    db.close()


def test_progress_counts_decided_passages_and_the_stance(tmp_path: Path) -> None:
    db, ids = new_project(tmp_path / "p.annotator", [("a", TEXT), ("b", TEXT + " b")])
    code(db, ids[0], "alice", stance=ENG, spans=[(0, 24, ENG), (25, 42, ISO), (43, 64, ISO)])
    code(db, ids[0], "bob", stance=ISO, spans=[(0, 24, ENG), (25, 42, ENG)])
    code(db, ids[1], "alice", stance=ISO)
    code(db, ids[1], "bob", stance=ISO, done=False)
    case = load_case(db, DocumentId(ids[0]))
    assert case.coders == ("alice", "bob") and [p.key for p in case.passages] == ["25-42", "43-64"]
    with db.transaction() as tx:
        set_decision(tx, case.doc_id, "43-64", NONE)
        add_span(tx, Span(new_span_uid(), ids[0], GOLD_CODER, 25, 42, ISO, provenance="adjudicated by pi"))
        set_annotation(tx, ids[0], GOLD_CODER, stance=ISO, status=Status.DONE)
    (row,) = adjudication_progress(db)  # the second document has one coder done: not listed
    assert (row.decided, row.passages, row.stance, row.done) == (1, 2, "decided", True)
    assert load_case(db, DocumentId(ids[0])).progress == row
    db.close()


def test_accept_unanimous_reports_exactly_what_it_changed_and_bulk_undo_redo(tmp_path: Path) -> None:
    db, ids = new_project(tmp_path / "p.annotator", [("a", TEXT), ("b", TEXT + " b")])
    code(db, ids[0], "alice", stance=ENG, spans=[(0, 24, ENG), (25, 42, ISO)])
    code(db, ids[0], "bob", stance=ISO, spans=[(0, 24, ENG), (25, 42, ENG)])
    code(db, ids[1], "alice", stance=ISO, spans=[(0, 24, ENG)])
    code(db, ids[1], "bob", stance=ISO, spans=[(0, 24, ENG)])
    changes = accept_unanimous(db)
    assert sorted((s.document_id, s.start, s.end, s.label, s.provenance) for s in changes.added) == [
        (ids[0], 0, 24, ENG, "unanimous"), (ids[1], 0, 24, ENG, "unanimous")]
    assert [(before.stance, after.stance, after.document_id) for before, after in changes.stances] == [(None, ISO, ids[1])]
    assert not accept_unanimous(db)  # a second run changes nothing
    with db.transaction() as tx:  # undo
        delete_spans(tx, list(changes.added))
        restore_annotations(tx, [before for before, _ in changes.stances])
    with db.read() as tx:
        assert spans_of_coder(tx, GOLD_CODER) == [] and get_annotation(tx, ids[1], GOLD_CODER).stance is None
    with db.transaction() as tx:  # redo: the very same spans
        restore_spans(tx, list(changes.added))
        restore_annotations(tx, [after for _, after in changes.stances])
    with db.read() as tx:
        assert spans_of_coder(tx, GOLD_CODER) == sorted(changes.added, key=lambda s: (s.document_id, s.start))
        assert get_annotation(tx, ids[1], GOLD_CODER).stance == ISO
    db.close()
