"""The server stopped and started again: edits wait in the journal and arrive once, in order, when the
server is back, also from a later window. On the second cluster, which tests may stop (outage_cluster)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from annotator.core.errors import AnnotatorError, ServerUnreachable
from annotator.core.span_ids import new_span_uid
from annotator.core.types import NewDocument, Span, Status
from annotator.store import annotations, edits, spans
from annotator.store.database import utc_now
from annotator.store.documents import add_documents
from annotator.store.postgres.journal import Journal, _open_edits, journal_key
from annotator.store.postgres.outbox import Outbox
from annotator.store.postgres.server_database import ServerDatabase


@pytest.fixture
def alice_db(outage_server):
    """A fresh project on the cluster tests may stop: alice's app connection and a document."""
    pi = ServerDatabase.open(outage_server.url("maria"))
    with pi.transaction() as tx:
        doc = add_documents(tx, [NewDocument("Engagement with Minsk is the question.")])[0].id
    pi.close()
    db = ServerDatabase.open(outage_server.url("alice"), for_coding=True)
    yield db, doc
    db.close()


def _span(doc, start=0, end=10, label="pro-engagement"):
    return Span(new_span_uid(), doc, "alice", start, end, label)


def _stored(db, doc) -> list[Span]:
    with db.read() as tx:
        return spans.spans_for(tx, doc)


def _window(db, folder: Path) -> Outbox:
    """What a window on the project has: an outbox with a journal of its own in the app's data folder."""
    return Outbox(db, Journal(folder, journal_key(db.location)))


def _journaled(folder: Path) -> list[str]:
    """The ids of the edits waiting in every journal file of the folder."""
    return [e.id for path in sorted(folder.glob("*.jsonl")) for e in _open_edits(path)]


def test_online_an_edit_is_stored_at_once_and_not_journaled(alice_db, tmp_path):
    db, doc = alice_db
    outbox = _window(db, tmp_path)
    span = _span(doc)
    outbox.deliver(edits.add_span(span))
    assert [s.uid for s in _stored(db, doc)] == [span.uid]
    assert _journaled(tmp_path) == []
    with pytest.raises(AnnotatorError, match="not in the codebook"):
        outbox.deliver(edits.add_span(_span(doc, label="no such label")))
    assert _journaled(tmp_path) == []  # a refusal is said, not kept
    outbox.close()
    assert list(tmp_path.iterdir()) == []  # nothing waits: the window's journal goes with it


def test_edits_wait_while_the_server_is_down_and_a_later_window_sends_them_once_in_order(
        alice_db, outage_cluster, tmp_path):
    db, doc = alice_db
    outbox = _window(db, tmp_path)
    first, second = _span(doc, 0, 10), _span(doc, 11, 15)
    outbox.deliver(edits.add_span(first))
    outage_cluster.stop_server()
    try:
        waiting = [edits.update_span(first.uid, utc_now(), label="pro-isolation"), edits.add_span(second),
                   edits.set_annotation(doc, "alice", utc_now(), status=Status.DONE)]
        with pytest.raises(ServerUnreachable):
            outbox.deliver(waiting[0])
        assert _journaled(tmp_path) == []  # not stored, and the caller decides whether it waits
        for edit in waiting:  # the first waits, and those behind it too, without a try: as the app keeps them
            outbox.keep(edit)
        assert _journaled(tmp_path) == [e.id for e in waiting]
        # A second window meanwhile does not take them: their window is open.
        other_window = _window(db, tmp_path)
        assert other_window.leftovers == 0
        other_window.close()
        outbox.close()  # the window is closed (or killed): the journal holds what waits
    finally:
        outage_cluster.start_server()
    later = _window(db, tmp_path)
    assert later.leftovers == 3
    report = later.flush()
    assert (report.sent, report.refused, report.offline) == (3, [], False)
    stored = _stored(db, doc)
    assert [(s.uid, s.label) for s in stored] == [(first.uid, "pro-isolation"), (second.uid, "pro-engagement")]
    with db.read() as tx:
        assert annotations.get_annotation(tx, doc, "alice").status == Status.DONE
    assert later.leftovers == 0 and _journaled(tmp_path) == []
    later.close()


def test_an_edit_whose_answer_was_lost_is_not_applied_twice(alice_db, tmp_path):
    db, doc = alice_db
    edit = edits.add_span(_span(doc))
    outbox = _window(db, tmp_path)
    outbox.keep(edit)  # journaled, then sent: the commit happened, but the app never heard back
    outbox._apply_once(edit)
    outbox.close()
    again = _window(db, tmp_path)
    assert again.leftovers == 1
    report = again.flush()
    assert (report.sent, report.refused) == (1, [])
    assert len(_stored(db, doc)) == 1
    again.deliver(edit)  # the same edit delivered once more: still once
    assert len(_stored(db, doc)) == 1
    again.close()


def test_a_refused_edit_in_the_journal_is_reported_and_the_rest_goes_on(alice_db, outage_cluster, tmp_path):
    db, doc = alice_db
    outbox = _window(db, tmp_path)
    good = _span(doc)
    outage_cluster.stop_server()
    try:
        bad = edits.add_span(replace(good, end=10_000))  # past the text's end
        with pytest.raises(ServerUnreachable):
            outbox.deliver(bad)
        outbox.keep(bad)
        outbox.keep(edits.add_span(good))
        outbox.close()
    finally:
        outage_cluster.start_server()
    later = _window(db, tmp_path)
    report = later.flush()
    assert report.sent == 1 and len(report.refused) == 1 and "end" in report.refused[0][1]
    assert [s.uid for s in _stored(db, doc)] == [good.uid]
    later.close()


def test_a_new_edit_goes_after_the_earlier_sessions_edits(alice_db, tmp_path):
    db, doc = alice_db
    first, second = _span(doc, 0, 10), _span(doc, 0, 10)
    outbox = _window(db, tmp_path)
    outbox.keep(edits.add_span(first))
    outbox.close()
    later = _window(db, tmp_path)
    later.deliver(edits.add_span(second))  # the leftover first, then this one
    with db.read() as tx:
        rows = tx.connection().exec_driver_sql("SELECT uid FROM span ORDER BY id").all()
    assert [r[0] for r in rows] == [first.uid, second.uid]
    later.close()


def test_a_torn_last_line_of_a_killed_window_is_passed_by(alice_db, tmp_path):
    db, doc = alice_db
    kept = edits.add_span(_span(doc))
    outbox = _window(db, tmp_path)
    outbox.keep(kept)
    outbox.close()
    (path,) = tmp_path.glob("*.jsonl")
    with open(path, "ab") as fh:
        fh.write(b'{"id": "torn", "ste')  # killed mid-write
    later = _window(db, tmp_path)
    assert later.leftovers == 1 and later.flush().sent == 1
    later.close()
