"""Blind coding enforced by PostgreSQL: connected as the coder roles, through raw SQL (psql's view).

Each test sets up rows as the PI (maria), then tries, as alice, to read, insert as, update and delete
bob's rows; the database must refuse or show nothing, and bob's rows must be unchanged afterwards.
"""

from __future__ import annotations

import psycopg
import pytest
from psycopg import errors

NOW = "2026-11-26T10:00:00.000000+00:00"


@pytest.fixture
def coded(server):
    """Two documents; alice and bob each have a span and an annotation on the first; gold has one."""
    with server.connect("maria") as pi:
        pi.execute("INSERT INTO coder (name, created_at) VALUES ('gold', %s)", (NOW,))
        for n, text in enumerate(("First article text.", "Second article text.")):
            pi.execute("INSERT INTO document (content_hash, length, meta, created_at, text) VALUES (%s, %s, '{}', %s, %s)",
                       (f"hash{n}", len(text), NOW, text))
        ids = dict(pi.execute("SELECT name, id FROM coder").fetchall())
        doc = pi.execute("SELECT id FROM document WHERE content_hash = 'hash0'").fetchone()[0]
        label = pi.execute("SELECT id FROM label WHERE kind = 'span' LIMIT 1").fetchone()[0]
        for coder in ("alice", "bob", "gold"):
            pi.execute('INSERT INTO span (uid, document_id, coder_id, label_id, start, "end", unsure, created_at, updated_at)'
                       " VALUES (%s, %s, %s, %s, 0, 5, false, %s, %s)", (f"uid-{coder}", doc, ids[coder], label, NOW, NOW))
            pi.execute("INSERT INTO annotation (document_id, coder_id, status, created_at, updated_at)"
                       " VALUES (%s, %s, 'in_progress', %s, %s)", (doc, ids[coder], NOW, NOW))
        pi.execute("INSERT INTO span_tombstone (uid, document_id, coder_id, deleted_at) VALUES ('gone-bob', %s, %s, %s)",
                   (doc, ids["bob"], NOW))
        pi.execute("INSERT INTO setting (key, value) VALUES ('adjudication.decisions.x', '{}')")
    return {"doc": doc, "label": label, "ids": ids}


def _all_rows(server, table: str) -> list[tuple]:
    with psycopg.connect(server.admin_url) as admin:  # a superuser: row security does not apply
        return admin.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()


def test_a_coder_reads_only_their_own_rows(server, coded):
    with server.connect("alice") as alice:
        assert alice.execute("SELECT uid FROM span").fetchall() == [("uid-alice",)]
        coders = alice.execute("SELECT c.name FROM annotation a JOIN coder c ON c.id = a.coder_id").fetchall()
        assert coders == [("alice",)]
        assert alice.execute("SELECT uid FROM span_tombstone").fetchall() == []
        # Aggregates and joins see the same rows: nothing leaks through a count.
        assert alice.execute("SELECT COUNT(*) FROM span WHERE coder_id = %s", (coded["ids"]["bob"],)).fetchone() == (0,)
        # Documents, codebook and coder names are shared; the adjudicator's decisions are not.
        assert alice.execute("SELECT COUNT(*) FROM document").fetchone() == (2,)
        assert alice.execute("SELECT COUNT(*) FROM label").fetchone()[0] > 0
        assert alice.execute("SELECT COUNT(*) FROM setting WHERE key LIKE 'adjudication.%'").fetchone() == (0,)
        assert alice.execute("SELECT COUNT(*) FROM setting WHERE key LIKE 'codebook.%'").fetchone()[0] > 0


def test_a_coder_cannot_insert_as_another_coder(server, coded):
    bob = coded["ids"]["bob"]
    with server.connect("alice") as alice:
        with pytest.raises(errors.InsufficientPrivilege, match="row-level security"):
            alice.execute('INSERT INTO span (uid, document_id, coder_id, label_id, start, "end", unsure, created_at,'
                          " updated_at) VALUES ('forged', %s, %s, %s, 0, 3, false, %s, %s)",
                          (coded["doc"], bob, coded["label"], NOW, NOW))
    for table, sql in (
        ("annotation", "INSERT INTO annotation (document_id, coder_id, status, created_at, updated_at)"
                       " VALUES (%s, %s, 'done', %s, %s)", ),
        ("span_tombstone", "INSERT INTO span_tombstone (uid, document_id, coder_id, deleted_at) VALUES ('x', %s, %s, %s)"),
    ):
        params = (coded["doc"], bob, NOW, NOW) if table == "annotation" else (coded["doc"], bob, NOW)
        with server.connect("alice") as alice, pytest.raises(errors.InsufficientPrivilege, match="row-level security"):
            alice.execute(sql, params)
    assert [r[1] for r in _all_rows(server, "span")] == ["uid-alice", "uid-bob", "uid-gold"]


def test_a_coder_cannot_update_or_delete_another_coders_rows(server, coded):
    before = {t: _all_rows(server, t) for t in ("span", "annotation", "span_tombstone")}
    with server.connect("alice") as alice:
        assert alice.execute("UPDATE span SET start = 1 WHERE uid = 'uid-bob'").rowcount == 0
        assert alice.execute("DELETE FROM span WHERE uid <> 'uid-alice'").rowcount == 0
        assert alice.execute("UPDATE annotation SET status = 'done' WHERE coder_id <> %s",
                             (coded["ids"]["alice"],)).rowcount == 0
        assert alice.execute("DELETE FROM annotation WHERE coder_id <> %s", (coded["ids"]["alice"],)).rowcount == 0
        assert alice.execute("DELETE FROM span_tombstone").rowcount == 0
    with server.connect("alice") as alice, pytest.raises(errors.InsufficientPrivilege, match="row-level security"):
        # Her own stance, handed over to bob: the new row must be hers too.
        alice.execute("UPDATE annotation SET coder_id = %s WHERE coder_id = %s", (coded["ids"]["bob"], coded["ids"]["alice"]))
    with server.connect("alice") as alice, pytest.raises(errors.RaiseException, match="never moves to another"):
        alice.execute("UPDATE span SET coder_id = %s WHERE uid = 'uid-alice'", (coded["ids"]["bob"],))
    assert {t: _all_rows(server, t) for t in before} == before


def test_an_upsert_does_not_touch_a_row_the_coder_cannot_see(server, coded):
    before = _all_rows(server, "span")
    with server.connect("alice") as alice, pytest.raises(errors.InsufficientPrivilege, match="row-level security"):
        alice.execute('INSERT INTO span (uid, document_id, coder_id, label_id, start, "end", unsure, created_at, updated_at)'
                      " VALUES ('uid-bob', %s, %s, %s, 2, 4, false, %s, %s) ON CONFLICT (uid) DO UPDATE SET start = 2",
                      (coded["doc"], coded["ids"]["alice"], coded["label"], NOW, NOW))
    assert _all_rows(server, "span") == before


def test_a_coder_cannot_change_shared_tables_nor_the_rules(server, coded):
    statements = [
        "UPDATE document SET title = 'x'",
        "INSERT INTO coder (name, created_at) VALUES ('eve', 'now')",
        "UPDATE label SET colour = '#000000'",
        "INSERT INTO setting (key, value) VALUES ('codebook.name', '\"x\"')",
        "INSERT INTO revealed_document (document_id, revealed_at) VALUES (1, 'now')",
        "UPDATE server_member SET is_pi = true",
        "INSERT INTO server_member (role, is_pi, added_at) VALUES ('alice2', true, 'now')",
        "ALTER TABLE span NO FORCE ROW LEVEL SECURITY",
        "ALTER TABLE span DISABLE ROW LEVEL SECURITY",
        "DROP POLICY own_rows ON span",
        "TRUNCATE span",
        "SET ROLE bob",
        "SET ROLE maria",
        "CREATE OR REPLACE FUNCTION annotator_is_pi() RETURNS boolean LANGUAGE sql AS $$ SELECT true $$",
    ]
    for statement in statements:
        with server.connect("alice") as alice:
            with pytest.raises(errors.InsufficientPrivilege):
                alice.execute(statement)
    assert len(_all_rows(server, "span")) == 3


def test_the_pi_sees_and_writes_everything_including_gold(server, coded):
    with server.connect("maria") as pi:
        assert [r[0] for r in pi.execute("SELECT uid FROM span ORDER BY uid")] == ["uid-alice", "uid-bob", "uid-gold"]
        assert pi.execute("UPDATE span SET start = 1 WHERE uid = 'uid-bob'").rowcount == 1
        assert pi.execute("SELECT COUNT(*) FROM setting WHERE key LIKE 'adjudication.%'").fetchone() == (1,)
    with server.connect("alice") as alice:
        assert alice.execute("SELECT COUNT(*) FROM span WHERE uid = 'uid-gold'").fetchone() == (0,)


def test_a_revealed_document_shows_everyones_work_read_only(server, coded):
    with server.connect("maria") as pi:
        pi.execute("INSERT INTO revealed_document (document_id, revealed_at) VALUES (%s, %s)", (coded["doc"], NOW))
    with server.connect("alice") as alice:
        seen = [r[0] for r in alice.execute("SELECT uid FROM span ORDER BY uid")]
        assert seen == ["uid-alice", "uid-bob", "uid-gold"]
        assert alice.execute("UPDATE span SET start = 2 WHERE uid = 'uid-bob'").rowcount == 0
        assert alice.execute("DELETE FROM span WHERE uid = 'uid-bob'").rowcount == 0
        assert alice.execute("SELECT COUNT(*) FROM annotation").fetchone() == (3,)
    assert [r[5] for r in _all_rows(server, "span")] == [0, 0, 0]  # start, unchanged


def test_the_owner_goes_through_the_policies_too(server, coded, pg_database):
    """FORCE ROW LEVEL SECURITY: a table owner who is not a member (and not a superuser) sees no rows."""
    with psycopg.connect(server.admin_url, autocommit=True) as admin:
        admin.execute("CREATE ROLE owner_x LOGIN PASSWORD 'pw'")
        for table in ("span", "annotation", "server_member", "revealed_document"):
            admin.execute(f"ALTER TABLE {table} OWNER TO owner_x")
    with psycopg.connect(pg_database.url_as("owner_x", "pw")) as owner:
        assert owner.execute("SELECT COUNT(*) FROM span").fetchone() == (0,)
        assert owner.execute("SELECT COUNT(*) FROM server_member").fetchone()[0] == 4  # not row-secured


def test_every_change_notifies_without_content(server, coded):
    with server.connect("maria") as pi:
        pi.autocommit = True
        pi.execute("LISTEN annotator")
        with server.connect("alice") as alice:
            alice.execute("UPDATE span SET note = 'secret note' WHERE uid = 'uid-alice'")
            alice.execute('INSERT INTO span (uid, document_id, coder_id, label_id, start, "end", unsure, created_at,'
                          " updated_at) VALUES ('new', %s, %s, %s, 0, 3, false, %s, %s)",
                          (coded["doc"], coded["ids"]["alice"], coded["label"], NOW, NOW))
        received = list(pi.notifies(timeout=2.0, stop_after=1))
    assert [(n.channel, n.payload) for n in received] == [("annotator", "span")]  # one per transaction and table


def test_every_project_table_is_under_row_security(server):
    """A table added to the project (store/schema.py) must get its rules in server_schema.py: until it
    does, this fails, and members could not reach the table anyway (no grants)."""
    from sqlmodel import SQLModel

    import annotator.store.schema  # noqa: F401 - the project tables

    with psycopg.connect(server.admin_url) as admin:
        secured = {r[0] for r in admin.execute(
            "SELECT c.relname FROM pg_class c WHERE c.relrowsecurity AND c.relforcerowsecurity"
            " AND EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid)")}
    assert set(SQLModel.metadata.tables) <= secured


def test_a_span_never_moves_to_another_coder_or_outside_its_text(server, coded):
    with server.connect("maria") as pi:  # even the PI, who may write every row
        with pytest.raises(errors.RaiseException, match="never moves to another document or coder"):
            pi.execute("UPDATE span SET coder_id = %s WHERE uid = 'uid-alice'", (coded["ids"]["bob"],))
    with server.connect("maria") as pi, pytest.raises(errors.RaiseException, match="inside its document"):
        pi.execute('UPDATE span SET "end" = 1000 WHERE uid = \'uid-alice\'')
