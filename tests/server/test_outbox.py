"""The server stopped and started again under a running app: edits wait in the outbox (and its journal)
and arrive once, in order, when the server is back. A cluster of this module's own, so it can be stopped."""

from __future__ import annotations

import secrets
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path

import psycopg
import pytest

from annotator.core.codebook import default_codebook_path, load_codebook
from annotator.core.errors import AnnotatorError
from annotator.core.span_ids import new_span_uid
from annotator.core.types import NewDocument, Span, Status
from annotator.store import annotations, spans
from annotator.store.documents import add_documents
from annotator.store.postgres.members import add_member, init_server
from annotator.store.postgres.outbox import Edit, Outbox
from annotator.store.postgres.server_database import ServerDatabase
from tests.pg_cluster import SCRIPT, Cluster, stop_when_this_process_ends


@pytest.fixture(scope="module")
def own_cluster(pg_cluster):  # pg_cluster first: skipped (or failed) the same way when there is no server
    folder = Path(tempfile.mkdtemp(prefix="annotator-pg-outage-"))
    started = subprocess.run(["sh", str(SCRIPT), "start", str(folder)], capture_output=True, text=True, check=True)
    stop_when_this_process_ends(folder)
    try:
        yield Cluster(started.stdout.strip().splitlines()[-1], folder)
    finally:
        subprocess.run(["sh", str(SCRIPT), "stop", str(folder)], capture_output=True)


@pytest.fixture
def alice_db(own_cluster):
    """A fresh project on the module's cluster; alice's app connection and a document."""
    name = f"outage_{secrets.token_hex(4)}"
    with psycopg.connect(own_cluster.url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = own_cluster.database_url(name)
    init_server(url, load_codebook(default_codebook_path()))
    add_member(url, "alice", password="pw-alice")
    add_member(url, "maria", is_pi=True, password="pw-maria")
    pi = ServerDatabase.open(own_cluster.database_url(name, "maria", "pw-maria"))
    with pi.transaction() as tx:
        doc = add_documents(tx, [NewDocument("Engagement with Minsk is the question.")])[0].id
    pi.close()
    db = ServerDatabase.open(own_cluster.database_url(name, "alice", "pw-alice"), for_coding=True)
    yield db, doc
    db.close()


def _server(cluster: Cluster, action: str) -> None:
    subprocess.run(["sh", str(SCRIPT), action, str(cluster.folder)], check=True, capture_output=True)


def _span(doc, start=0, end=10, label="pro-engagement"):
    return Span(new_span_uid(), doc, "alice", start, end, label)


def _stored(db, doc) -> list[Span]:
    with db.read() as tx:
        return spans.spans_for(tx, doc)


def test_online_an_edit_is_saved_at_once_and_not_journaled(alice_db, tmp_path):
    db, doc = alice_db
    journal = tmp_path / "outbox.jsonl"
    outbox = Outbox(db, journal)
    span = _span(doc)
    assert outbox.send(Edit.add_span(span)) is True
    assert [s.uid for s in _stored(db, doc)] == [span.uid]
    assert outbox.pending == 0 and not journal.exists()
    with pytest.raises(AnnotatorError, match="not in the codebook"):
        outbox.send(Edit.add_span(_span(doc, label="no such label")))


def test_edits_wait_while_the_server_is_down_and_arrive_once_in_order(alice_db, own_cluster, tmp_path):
    db, doc = alice_db
    journal = tmp_path / "outbox.jsonl"
    outbox = Outbox(db, journal)
    first, second = _span(doc, 0, 10), _span(doc, 11, 15)
    assert outbox.send(Edit.add_span(first))
    _server(own_cluster, "pause")
    try:
        assert outbox.send(Edit.update_span(first.uid, label="pro-isolation")) is False
        assert outbox.send(Edit.add_span(second)) is False
        assert outbox.send(Edit.set_annotation(doc, "alice", status=Status.DONE)) is False
        assert outbox.pending == 3 and outbox.flush().offline
        # The app is closed (or killed) meanwhile: the journal holds what waits.
        restarted = Outbox(db, journal)
        assert restarted.pending == 3
    finally:
        _server(own_cluster, "resume")
    report = restarted.flush()
    assert (report.sent, report.refused, report.offline) == (3, [], False)
    stored = _stored(db, doc)
    assert [(s.uid, s.label) for s in stored] == [(first.uid, "pro-isolation"), (second.uid, "pro-engagement")]
    with db.read() as tx:
        assert annotations.get_annotation(tx, doc, "alice").status == Status.DONE
    assert restarted.pending == 0 and journal.read_bytes() == b""
    assert Outbox(db, journal).pending == 0


def test_an_edit_whose_answer_was_lost_is_not_applied_twice(alice_db, tmp_path):
    db, doc = alice_db
    journal = tmp_path / "outbox.jsonl"
    edit = Edit.add_span(_span(doc))
    outbox = Outbox(db, journal)
    outbox._write({"id": edit.id, "kind": edit.kind, "args": edit.args})  # journaled, then sent: the
    outbox._apply_once(edit)  # commit happened, but the app never heard back
    again = Outbox(db, journal)
    assert again.pending == 1
    report = again.flush()
    assert (report.sent, report.refused) == (1, [])
    assert len(_stored(db, doc)) == 1


def test_a_refused_edit_in_the_queue_is_reported_and_the_rest_goes_on(alice_db, own_cluster, tmp_path):
    db, doc = alice_db
    outbox = Outbox(db, tmp_path / "outbox.jsonl")
    good = _span(doc)
    _server(own_cluster, "pause")
    try:
        outbox.send(Edit.add_span(replace(good, end=10_000)))  # past the text's end
        outbox.send(Edit.add_span(good))
    finally:
        _server(own_cluster, "resume")
    report = outbox.flush()
    assert report.sent == 1 and len(report.refused) == 1 and "end" in report.refused[0][1]
    assert [s.uid for s in _stored(db, doc)] == [good.uid]
