"""`annotator server upgrade URL`: a server project of the previous schema (4: no span_count), refused by the app until its administrator upgrades it, then whole: the new table
filled, under row security, with NOTIFY, and granted to every member, so coders save again."""

from __future__ import annotations

import psycopg
import pytest

from annotator.cli import main
from annotator.core.errors import ProjectError
from annotator.core.span_ids import new_span_uid
from annotator.core.types import NewDocument, Span
from annotator.store import spans
from annotator.store.documents import add_documents
from annotator.store.migrations import SCHEMA_VERSION, STEPS
from annotator.store.postgres.server_database import ServerDatabase
from annotator.store.postgres.server_upgrade import SERVER_STEPS, TABLES_ONLY

TEXT = "Engagement with Minsk is the question, one diplomat said. Isolation failed."


def _save(server, coder: str, doc: int, start: int, end: int) -> None:
    db = ServerDatabase.open(server.url(coder), for_coding=True)
    try:
        with db.transaction() as tx:
            spans.add_span(tx, Span(new_span_uid(), doc, coder, start, end, "pro-engagement"))
    finally:
        db.close()


@pytest.fixture
def schema4(server) -> int:
    """The server project as annotator's schema 4 left it (what `server init` made before span counts),
    with a document and spans of two coders: the document's id."""
    pi = ServerDatabase.open(server.url("maria"))
    with pi.transaction() as tx:
        (doc,) = add_documents(tx, [NewDocument(TEXT, title="Minsk")])
    pi.close()
    _save(server, "alice", doc.id, 0, 10)
    _save(server, "alice", doc.id, 16, 21)
    _save(server, "bob", doc.id, 58, 67)
    with psycopg.connect(server.admin_url) as admin:
        admin.execute("DROP TABLE span_count")  # its policies and triggers with it
        admin.execute("UPDATE annotator_schema SET version = 4")
    return doc.id


def _counts(conn) -> list[tuple[str, int]]:
    return conn.execute("SELECT c.name, s.spans FROM span_count s JOIN coder c ON c.id = s.coder_id"
                        " ORDER BY c.name").fetchall()


def test_an_older_server_is_refused_until_its_administrator_upgrades_it(server, schema4, capsys):
    with pytest.raises(ProjectError, match=r"older schema \(4.*annotator server upgrade URL"):
        ServerDatabase.open(server.url("alice"), for_coding=True)
    assert main(["server", "upgrade", server.url("alice")]) == 1  # a coder's login may not
    assert "only the project's administrator" in capsys.readouterr().err

    assert main(["server", "upgrade", server.admin_url]) == 0
    out = capsys.readouterr().out
    assert f"from schema 4 to {SCHEMA_VERSION}" in out and "grants of 3 member login(s)" in out  # alice, bob, maria
    with psycopg.connect(server.admin_url) as admin:
        assert _counts(admin) == [("alice", 2), ("bob", 1)]  # filled from the spans
        assert admin.execute("SELECT version FROM annotator_schema").fetchone() == (SCHEMA_VERSION,)
        assert admin.execute("SELECT relrowsecurity, relforcerowsecurity FROM pg_class"
                             " WHERE relname = 'span_count'").fetchone() == (True, True)
        assert admin.execute("SELECT COUNT(*) FROM pg_trigger WHERE tgname = 'notify_change'"
                             " AND tgrelid = 'span_count'::regclass").fetchone() == (1,)

    _save(server, "alice", schema4, 37, 45)  # a coder saves again: her grants reach the new table
    with server.connect("alice") as alice:
        assert _counts(alice) == [("alice", 3)]  # her own counts only: bob's are not hers to see
        assert alice.execute("UPDATE span_count SET spans = 0 WHERE coder_id <> annotator_my_coder()").rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            alice.execute("TRUNCATE span_count")  # (TRUNCATE would pass row security by: never granted)

    assert main(["server", "upgrade", server.admin_url]) == 0
    assert f"at schema {SCHEMA_VERSION} already: nothing to do" in capsys.readouterr().out


def test_an_upgrade_that_fails_changes_nothing(server, schema4, capsys):
    with psycopg.connect(server.admin_url) as admin:  # another program's table in the new table's place
        admin.execute("CREATE TABLE span_count (x integer)")
    assert main(["server", "upgrade", server.admin_url]) == 1
    err = capsys.readouterr().err
    assert "the upgrade failed; nothing was changed" in err and "document_id" in err and "Traceback" not in err
    with psycopg.connect(server.admin_url) as admin:
        assert admin.execute("SELECT version FROM annotator_schema").fetchone() == (4,)
        assert admin.execute("SELECT column_name FROM information_schema.columns WHERE table_name = 'span_count'"
                             ).fetchall() == [("x",)]


def test_a_newer_server_is_not_touched(server, capsys):
    with psycopg.connect(server.admin_url) as admin:
        admin.execute("UPDATE annotator_schema SET version = %s", (SCHEMA_VERSION + 1,))
    assert main(["server", "upgrade", server.admin_url]) == 1
    assert "newer schema" in capsys.readouterr().err


def test_every_schema_step_of_a_file_has_its_server_side():
    """A new step in store/migrations.py must say what it does on a server: a server step, or
    nothing beyond new tables (which the upgrade creates from the SQLModel definitions)."""
    assert set(STEPS) == set(SERVER_STEPS) | TABLES_ONLY and not set(SERVER_STEPS) & TABLES_ONLY
