"""Spans and document annotations through the store: offsets checked, ids stable, deletes leave tombstones."""


import pytest

from annotator.core.errors import InputError
from annotator.core.span_ids import new_span_uid
from annotator.core.types import NewDocument, Span, Status
from annotator.store import annotations, spans, tombstones
from annotator.store._rows import run
from annotator.store.documents import add_documents, get_document, list_summaries

TEXT = "Кто-то 👍 said: engage with Minsk.\nOthers disagree."


@pytest.fixture
def doc_id(db):
    with db.transaction() as tx:
        return add_documents(tx, [NewDocument(TEXT, title="t")])[0].id


def _span(doc_id, start, end, label="pro-engagement", coder="alice", **kw):
    return Span(new_span_uid(), doc_id, coder, start, end, label, **kw)


def test_add_span_is_committed_and_read_back_in_text_order(db, doc_id, other_connection):
    with db.transaction() as tx:
        late = spans.add_span(tx, _span(doc_id, 15, 32))
        early = spans.add_span(tx, _span(doc_id, 0, 6, "pro-isolation", holder="author"))
    # committed: visible from a separate plain connection
    assert other_connection("SELECT COUNT(*) FROM span") == [(2,)]
    with db.read() as tx:
        got = spans.spans_for(tx, doc_id, "alice")
    assert [s.uid for s in got] == [early.uid, late.uid]
    assert TEXT[got[1].start : got[1].end] == "engage with Minsk"
    assert got[0].holder == "author" and got[0].created_at and got[0].updated_at


@pytest.mark.parametrize(("start", "end"), [(-1, 3), (5, 5), (6, 2), (0, len(TEXT) + 1)])
def test_bad_offsets_are_refused(db, doc_id, start, end):
    with pytest.raises(InputError), db.transaction() as tx:
        spans.add_span(tx, _span(doc_id, start, end))
    with db.read() as tx:
        assert spans.spans_for(tx, doc_id) == []


def test_unknown_label_is_refused(db, doc_id):
    with pytest.raises(InputError, match="not in the codebook"), db.transaction() as tx:
        spans.add_span(tx, _span(doc_id, 0, 3, "sarcasm"))


def test_delete_then_restore_keeps_uid_and_attributes(db, doc_id):
    with db.transaction() as tx:
        made = spans.add_span(tx, _span(doc_id, 0, 6, holder="Kallas", note="quoted", unsure=True))
    with db.transaction() as tx:
        gone = spans.delete_span(tx, made.uid)
    with db.read() as tx:
        assert spans.spans_for(tx, doc_id) == []
        assert run(tx, "SELECT uid FROM span_tombstone").scalar_one() == made.uid
    with db.transaction() as tx:
        spans.add_span(tx, gone)
    with db.read() as tx:
        assert spans.spans_for(tx, doc_id) == [made]
        assert run(tx, "SELECT COUNT(*) FROM span_tombstone").scalar_one() == 0


def test_update_span_relabels_and_resizes(db, doc_id):
    with db.transaction() as tx:
        made = spans.add_span(tx, _span(doc_id, 15, 21))
    with db.transaction() as tx:
        new = spans.update_span(tx, made.uid, label="ambivalent", end=32, note="n")
    assert (new.label, new.end, new.note, new.uid) == ("ambivalent", 32, "n", made.uid)
    with pytest.raises(InputError), db.transaction() as tx:
        spans.update_span(tx, made.uid, end=len(TEXT) + 5)
    with db.read() as tx:
        assert spans.get_span(tx, made.uid) == new


def test_first_span_marks_document_in_progress(db, doc_id):
    with db.transaction() as tx:
        assert annotations.get_annotation(tx, doc_id, "alice").status == Status.NOT_STARTED
        spans.add_span(tx, _span(doc_id, 0, 6))
    with db.read() as tx:
        assert annotations.get_annotation(tx, doc_id, "alice").status == Status.IN_PROGRESS
        summary = list_summaries(tx, "alice")[0]
        assert (summary.status, summary.span_count, summary.length) == (Status.IN_PROGRESS, 1, len(TEXT))
        assert list_summaries(tx, "bob")[0].span_count == 0


def test_annotation_stance_note_status_and_progress(db, doc_id):
    with db.transaction() as tx:
        annotations.set_annotation(tx, doc_id, "alice", stance="pro-isolation", note="clear")
        done = annotations.set_annotation(tx, doc_id, "alice", status=Status.DONE)
    assert (done.stance, done.note, done.status) == ("pro-isolation", "clear", Status.DONE)
    with db.read() as tx:
        assert annotations.progress(tx, "alice") == (1, 1)
        assert annotations.progress(tx, "bob") == (0, 1)
        assert [s.id for s in list_summaries(tx, "alice", status=Status.DONE)] == [doc_id]
        assert list_summaries(tx, "alice", text_filter="Minsk")[0].id == doc_id
        assert list_summaries(tx, "alice", text_filter="Warsaw") == []
    with pytest.raises(InputError, match="not an option"), db.transaction() as tx:
        annotations.set_annotation(tx, doc_id, "alice", stance="maybe")


def test_same_text_twice_is_one_document(db):
    with db.transaction() as tx:
        first, again = add_documents(tx, [NewDocument("Same text."), NewDocument("Same text.")])
        later = add_documents(tx, [NewDocument("Same text.", title="other title")])[0]
    assert first.added and not again.added and not later.added
    assert first.id == again.id == later.id
    with db.read() as tx:
        assert get_document(tx, first.id).text == "Same text."


def test_document_text_cannot_be_changed_even_by_raw_sql(db, doc_id, other_connection):
    with pytest.raises(Exception, match="never changes"):  # the database's own trigger, on both engines
        other_connection("UPDATE document SET text = 'other' WHERE id = ?", (doc_id,))
    with db.read() as tx:
        assert get_document(tx, doc_id).text == TEXT


def test_restoring_spans_checks_their_offsets_like_every_other_write(db, doc_id):
    """The redo of a bulk accept was the one write path that stored spans without asking the offset rule."""
    with db.transaction() as tx:
        made = spans.add_span(tx, _span(doc_id, 0, 6))
        spans.delete_spans(tx, [made])
    moved = Span(made.uid, doc_id, "alice", 10, len(TEXT) + 40, made.label, created_at=made.created_at,
                 updated_at=made.updated_at)
    with pytest.raises(InputError, match="past the end of the text"), db.transaction() as tx:
        spans.restore_spans(tx, [moved])
    with db.read() as tx:
        assert spans.spans_for(tx, doc_id) == []


def test_a_span_deleted_twice_keeps_the_later_deletion(db, doc_id):
    with db.transaction() as tx:
        made = spans.add_span(tx, _span(doc_id, 0, 6))
        spans.delete_span(tx, made.uid)
    with db.transaction() as tx:
        tombstones.bury(tx, [(made.uid, doc_id, 1, "2000-01-01T00:00:00.000000+00:00")])  # an older copy's
    with db.read() as tx:
        (stone,) = tombstones.list_tombstones(tx)
    assert stone.deleted_at > "2020"
