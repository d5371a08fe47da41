"""Span ids mean a span only within its document and coder: ids numbered per document (brat "T1",
Label Studio regions, "1", "2") never merge, move or overwrite another document's or coder's span."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from annotator.core.errors import InputError
from annotator.core.types import NewDocument
from annotator.io.jsonl import read_jsonl
from annotator.operations.exporting import export_project
from annotator.operations.importing import import_paths
from annotator.operations.merging import merge
from annotator.operations.projects import open_project
from annotator.store import spans, tombstones
from annotator.store.database import Database
from annotator.store.documents import add_documents
from annotator.store.records import iter_coding_records

ISO, ENG = "pro-isolation", "pro-engagement"
TEXTS = ["Sanctions must stay in place now.", "Talks with Minsk are the only way forward for Europe.",
         "Кто-то 👍 said: engage with Minsk."]


def _line(text: str, coder: str, *spans: dict) -> str:
    return json.dumps({"text": text, "coder": coder, "spans": list(spans)}, ensure_ascii=False) + "\n"


def _span(uid: str, start: int, end: int, label: str = ISO, **kw) -> dict:
    return {"id": uid, "start": start, "end": end, "label": label, **kw}


def _write(path: Path, *lines: str) -> Path:
    path.write_text("".join(lines), encoding="utf-8")
    return path


def _stored(db: Database) -> list[tuple[str, str, int, int, str, str | None]]:
    """(coder, text of the span, start, end, uid, source_id) of every span, sorted."""
    with db.read() as tx:
        return sorted((r.coder, r.text[s.start:s.end], s.start, s.end, s.uid, s.source_id)
                      for r in iter_coding_records(tx, include_uncoded=False) for s in r.spans)


@pytest.fixture
def per_document_ids(tmp_path: Path) -> Path:
    """Three documents whose spans are numbered "1", "2" in each, as per-document tools number them."""
    return _write(tmp_path / "numbered.jsonl", *(
        _line(text, "alice", _span("1", 0, 5), _span("2", 6, 10, ENG)) for text in TEXTS))


def test_ids_numbered_per_document_import_every_span_and_twice_changes_nothing(tmp_path, per_document_ids):
    db = open_project(tmp_path / "p.annotator")
    (first,) = import_paths(db, [per_document_ids])
    assert first.ok, first.error
    c = first.counts
    assert (c.spans_added, c.spans_updated, c.spans_unchanged, c.spans_renumbered) == (6, 0, 0, 4)
    assert "4 span id(s) were another document's or coder's" in first.describe()
    stored = _stored(db)
    assert sorted(text for _c, text, *_ in stored) == sorted(t[a:b] for t in TEXTS for a, b in ((0, 5), (6, 10)))
    assert sorted(source for *_, source in stored if source) == ["1", "1", "2", "2"]
    (again,) = import_paths(db, [per_document_ids])
    assert (again.counts.spans_added, again.counts.spans_updated, again.counts.spans_unchanged) == (0, 0, 6)
    assert _stored(db) == stored
    db.close()


def test_another_coders_newer_span_with_the_same_id_never_moves_the_first_coders_span(tmp_path, per_document_ids):
    db = open_project(tmp_path / "p.annotator")
    import_paths(db, [per_document_ids])
    before = _stored(db)
    short = "Short doc here ok."
    later = _write(tmp_path / "bob.jsonl", _line(short, "bob", _span("2", 0, 5, ENG, updated_at="2026-01-01T00:00:00+00:00")))
    (outcome,) = import_paths(db, [later])
    assert outcome.ok and outcome.counts.spans_added == 1 and outcome.counts.spans_updated == 0
    with db.read() as tx:
        (bobs,) = spans.spans_of_coder(tx, "bob")
    assert _stored(db) == sorted([*before, ("bob", "Short", 0, 5, bobs.uid, "2")])
    db.close()


def test_a_new_id_survives_export_and_reimport_with_its_source_id(tmp_path, per_document_ids):
    db = open_project(tmp_path / "p.annotator")
    import_paths(db, [per_document_ids])
    exported = export_project(db, tmp_path / "out.jsonl").path
    lines = [json.loads(line) for line in exported.read_text(encoding="utf-8").splitlines()]
    renumbered = [s for line in lines for s in line["spans"] if "source_id" in s]
    assert len(renumbered) == 4 and all(s["id"] not in ("1", "2") for s in renumbered)
    assert all(line["text"][s["start"]:s["end"]] == s["text"] for line in lines for s in line["spans"])
    other = open_project(tmp_path / "other.annotator")
    (outcome,) = import_paths(other, [exported])
    assert outcome.ok and outcome.counts.spans_renumbered == 0  # the new ids are the spans' own now
    assert _stored(other) == _stored(db)
    db.close()
    other.close()


def test_merge_keeps_spans_of_two_projects_that_number_ids_alike(tmp_path):
    alice, bob = open_project(tmp_path / "alice.annotator"), open_project(tmp_path / "bob.annotator")
    import_paths(alice, [_write(tmp_path / "a.jsonl", _line(TEXTS[0], "alice", _span("T1", 0, 9)))])
    import_paths(bob, [_write(tmp_path / "b.jsonl", _line(TEXTS[1], "bob", _span("T1", 0, 5, ENG)),
                              _line(TEXTS[0], "bob", _span("T2", 10, 14)))])
    alice.close()
    bob.close()
    target = tmp_path / "study.annotator"
    open_project(target).close()
    report = merge(target, [tmp_path / "alice.annotator", tmp_path / "bob.annotator"])
    assert report.conflicts == [] and report.counts.spans_added == 3
    again = merge(target, [tmp_path / "alice.annotator", tmp_path / "bob.annotator"])
    assert again.conflicts == [] and (again.counts.spans_added, again.counts.spans_updated) == (0, 0)
    db = Database.open(target)
    assert [(c, text) for c, text, *_ in _stored(db)] == [("alice", "Sanctions"), ("bob", "Talks"), ("bob", "must")]
    db.close()


def test_a_deletion_in_one_coders_copy_never_deletes_another_coders_span_of_that_id(tmp_path):
    target = open_project(tmp_path / "study.annotator")
    import_paths(target, [_write(tmp_path / "a.jsonl", _line(TEXTS[0], "alice", _span("1", 0, 9)))])
    bob = open_project(tmp_path / "bob.annotator")
    import_paths(bob, [_write(tmp_path / "b.jsonl", _line(TEXTS[0], "bob", _span("1", 10, 14)))])
    with bob.transaction() as tx:
        spans.delete_span(tx, "1")  # bob's own span "1"
    bob.close()
    target.close()
    report = merge(tmp_path / "study.annotator", [tmp_path / "bob.annotator"])
    assert report.spans_deleted == 0 and report.conflicts == []
    db = Database.open(tmp_path / "study.annotator")
    assert [(c, text) for c, text, *_ in _stored(db)] == [("alice", "Sanctions")]
    with db.read() as tx:  # bob's deletion is kept, under the id bob's span would get here
        assert [t.coder for t in tombstones.list_tombstones(tx)] == ["bob"]
    db.close()


def test_no_write_can_move_a_span_outside_its_text_or_to_another_document(db, project_path):
    with db.transaction() as tx:
        short = add_documents(tx, [NewDocument("Short doc here ok.")])[0]
    import_paths(db, [_write(project_path.with_name("a.jsonl"), _line(TEXTS[1], "alice", _span("1", 40, 50)))])
    with sqlite3.connect(project_path) as conn:
        with pytest.raises(sqlite3.IntegrityError, match="another document or coder"):
            conn.execute("UPDATE span SET document_id = ?, start = 0, \"end\" = 5 WHERE uid = '1'", (short.id,))
        with pytest.raises(sqlite3.IntegrityError, match="inside its document"):
            conn.execute("UPDATE span SET \"end\" = 500 WHERE uid = '1'")
    assert [(text, start, end) for _c, text, start, end, *_ in _stored(db)] == [(TEXTS[1][40:50], 40, 50)]


@pytest.mark.parametrize(("field", "value", "says"), [
    ("updated_at", "yesterday", "is not a date"),
    ("created_at", "9999-01-01T00:00:00+00:00", "is in the future"),
    ("updated_at", 20260101, "must be a string"),
    ("unsure", "no", "'unsure' must be true or false"),
])
def test_bad_timestamps_and_unsure_values_are_refused_with_file_and_line(tmp_path, field, value, says):
    db = open_project(tmp_path / "p.annotator")
    path = _write(tmp_path / "bad.jsonl", _line(TEXTS[0], "alice", _span("a", 0, 9)),
                  _line(TEXTS[1], "alice", _span("b", 0, 5, **{field: value})))
    (outcome,) = import_paths(db, [path])
    assert not outcome.ok and says in outcome.error
    assert outcome.error.startswith((f"{path}:2: ", f"{path}: line 2: "))  # the reader's or the store's words
    assert _stored(db) == []  # nothing from the file
    db.close()


def test_timestamps_are_kept_in_one_form_so_a_later_correction_is_newer(tmp_path):
    db = open_project(tmp_path / "p.annotator")
    first = _write(tmp_path / "1.jsonl", _line(TEXTS[0], "alice", _span("a", 0, 9, updated_at="2026-01-01T12:00:00+02:00")))
    (outcome,) = import_paths(db, [first])
    with db.read() as tx:
        (span,) = spans.spans_of_coder(tx, "alice")
    assert span.updated_at == "2026-01-01T10:00:00.000000+00:00" and outcome.ok
    fix = _write(tmp_path / "2.jsonl", _line(TEXTS[0], "alice", _span("a", 0, 14, updated_at="2026-01-01T10:30:00Z")))
    (outcome,) = import_paths(db, [fix])
    assert outcome.counts.spans_updated == 1
    db.close()


def test_the_reader_types_unsure_and_source_id(tmp_path):
    path = _write(tmp_path / "x.jsonl", _line(TEXTS[0], "alice", _span("a", 0, 9, unsure=None, source_id="T7")))
    ((record,), _) = read_jsonl(path)
    assert record.spans[0].unsure is False and record.spans[0].source_id == "T7"
    with pytest.raises(InputError, match="'source_id' must be a string"):
        read_jsonl(_write(tmp_path / "y.jsonl", _line(TEXTS[0], "alice", _span("a", 0, 9, source_id=7))))
