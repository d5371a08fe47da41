"""Opening a server project from the app: who may code, schema checks, and the store's own functions
running as the coder roles under row security ("through the app")."""

from __future__ import annotations

import psycopg
import pytest

from annotator.core.errors import ProjectError
from annotator.core.span_ids import new_span_uid
from annotator.core.types import NewDocument, Span, Status
from annotator.store import annotations, spans
from annotator.store.documents import add_documents, list_summaries
from annotator.store.postgres.members import add_member
from annotator.store.postgres.server_database import ServerDatabase
from annotator.store.schema import SCHEMA_VERSION

TEXT = "Кто-то 👍 said: engage with Minsk.\nOthers disagree."


@pytest.fixture
def doc_id(server):
    pi = ServerDatabase.open(server.url("maria"), for_coding=True)
    try:
        with pi.transaction() as tx:
            return add_documents(tx, [NewDocument(TEXT, title="t")])[0].id
    finally:
        pi.close()


def _span(doc_id, coder, start=0, end=6):
    return Span(new_span_uid(), doc_id, coder, start, end, "pro-engagement")


def test_the_app_codes_only_as_a_member_under_row_security(server, pg_database):
    with pytest.raises(ProjectError, match="superuser or bypasses row security"):
        ServerDatabase.open(server.admin_url, for_coding=True)
    with psycopg.connect(server.admin_url, autocommit=True) as admin:
        admin.execute("CREATE ROLE stranger LOGIN PASSWORD 'pw'")
    add_member(server.admin_url, "tom", role="tables_owner", password="pw")  # a coder, who then got the table
    with psycopg.connect(server.admin_url, autocommit=True) as admin:
        admin.execute("ALTER TABLE span OWNER TO tables_owner")
    with pytest.raises(ProjectError, match="this login is not a member of this project"):
        ServerDatabase.open(pg_database.url_as("stranger", "pw"), for_coding=True)
    with pytest.raises(ProjectError, match="owns the project's tables"):
        ServerDatabase.open(pg_database.url_as("tables_owner", "pw"), for_coding=True)
    alice = ServerDatabase.open(server.url("alice"), for_coding=True)
    assert (alice.login.coder, alice.login.is_pi) == ("alice", False)
    assert "password" not in alice.location and server.passwords["alice"] not in alice.location
    alice.close()


def test_schema_versions_are_checked(server, pg_database):
    with psycopg.connect(server.admin_url) as admin:
        admin.execute("UPDATE annotator_schema SET version = %s", (SCHEMA_VERSION + 1,))
    with pytest.raises(ProjectError, match="newer version of annotator"):
        ServerDatabase.open(server.url("alice"))
    with psycopg.connect(server.admin_url, autocommit=True) as admin:
        admin.execute("DROP TABLE annotator_schema CASCADE")
    with pytest.raises(ProjectError, match="no annotator project in this database"):
        ServerDatabase.open(server.url("alice"))


def test_the_store_as_a_coder_sees_and_writes_only_her_own_work(server, doc_id):
    alice = ServerDatabase.open(server.url("alice"), for_coding=True)
    bob = ServerDatabase.open(server.url("bob"), for_coding=True)
    try:
        with bob.transaction() as tx:
            bobs = spans.add_span(tx, _span(doc_id, "bob", 7, 8))
        with alice.transaction() as tx:
            mine = spans.add_span(tx, _span(doc_id, "alice"))
            annotations.set_annotation(tx, doc_id, "alice", stance="ambivalent", status=Status.DONE)
        with alice.read() as tx:
            assert [s.uid for s in spans.spans_for(tx, doc_id)] == [mine.uid]  # all coders asked: hers only
            assert spans.spans_of_coder(tx, "bob") == []
            assert list_summaries(tx, "bob")[0].span_count == 0
            assert annotations.get_annotation(tx, doc_id, "bob").status == Status.NOT_STARTED
        with pytest.raises(ProjectError, match="the server refused: .*row-level security"), alice.transaction() as tx:
            spans.add_span(tx, _span(doc_id, "bob"))
        with pytest.raises(ProjectError, match="the server refused: .*row-level security"), alice.transaction() as tx:
            annotations.set_annotation(tx, doc_id, "bob", status=Status.DONE)
        with alice.transaction() as tx, pytest.raises(Exception, match="no span with id"):
            spans.delete_span(tx, bobs.uid)
        with bob.read() as tx:
            assert [s.uid for s in spans.spans_for(tx, doc_id)] == [bobs.uid]
            assert annotations.get_annotation(tx, doc_id, "bob").status == Status.IN_PROGRESS
    finally:
        alice.close()
        bob.close()


def test_the_change_watch_of_a_server_project_hears_other_members(server, doc_id):
    """ChangeWatch(db), as the app makes it, on a server project: another member's commit is news."""
    import time

    from annotator.store.database import ChangeWatch, Database

    pi = Database.open(server.url("maria"))
    watch = ChangeWatch(pi)
    try:
        assert watch.online and not watch.changed()
        alice = Database.open(server.url("alice"))
        with alice.transaction() as tx:
            spans.add_span(tx, _span(doc_id, "alice"))
        alice.close()
        for _ in range(100):  # a NOTIFY arrives a moment after the commit
            if watch.changed():
                break
            time.sleep(0.02)
        else:
            pytest.fail("the watch did not hear alice's commit")
        assert not watch.changed()
    finally:
        watch.close()
        pi.close()
    assert not watch.changed()
