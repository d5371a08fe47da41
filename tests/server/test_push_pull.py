"""`server push` then `server pull`: the pulled copy exports byte for byte as the original did."""

from __future__ import annotations

import psycopg
import pytest

from annotator.cli import main
from annotator.core.span_ids import new_span_uid
from annotator.core.types import Span
from annotator.operations.exporting import export_project
from annotator.store import decisions, spans
from tests.coded import code, new_project

TEXTS = [
    ("Emoji", "Sanctions 👍🏽 did not work, the 🇧🇾 opposition said.\nEngagement is the way."),
    ("Cyrillic", "Лукашенко ответил: «изоляция не работает». Combining e\u0301 here."),
    ("Untouched", "Nobody codes this one."),
]


@pytest.fixture
def project(tmp_path):
    db, (emoji, cyrillic, _untouched) = new_project(tmp_path / "study.annotator", TEXTS)
    code(db, emoji, "alice", stance="pro-engagement", spans=[(0, 9, "pro-isolation", "author"), (10, 14, "ambivalent")])
    code(db, emoji, "bob", stance="pro-isolation", spans=[(0, 9, "pro-isolation")], done=False)
    code(db, cyrillic, "alice", spans=[(0, 9, "pro-engagement")])
    code(db, emoji, "gold", spans=[(0, 9, "pro-isolation")])
    with db.transaction() as tx:
        gone = spans.add_span(tx, Span(new_span_uid(), cyrillic, "bob", 10, 18, "ambivalent"))
        spans.delete_span(tx, gone.uid)
        decisions.set_decision(tx, "abc", "0-9", "accepted")
    yield db
    db.close()


def _export(db_or_path, path, fmt="jsonl"):
    from annotator.operations.projects import open_project

    db = open_project(db_or_path, create=False) if not hasattr(db_or_path, "transaction") else db_or_path
    try:
        return export_project(db, path, fmt=fmt).path.read_bytes()
    finally:
        if db is not db_or_path:
            db.close()


@pytest.mark.parametrize("pusher", ["administrator", "maria"])
def test_push_then_pull_exports_the_same_bytes(server, project, tmp_path, capsys, pusher):
    url = server.admin_url if pusher == "administrator" else server.url("maria")  # COPY, or unnest as a PI
    assert main(["server", "push", str(project.path), url]) == 0
    assert ("3 coder, 3 document, 7 label, 5 setting, 5 annotation, 5 span, 5 span_count, 1 span_tombstone"
            in capsys.readouterr().out)  # span_count: the counts the store keeps (store/span_counts.py)
    copy = tmp_path / "copy.annotator"
    assert main(["server", "pull", server.url("maria"), str(copy)]) == 0
    for fmt in ("jsonl", "csv"):
        assert _export(copy, tmp_path / f"b.{fmt}", fmt) == _export(project, tmp_path / f"a.{fmt}", fmt)
    exported = (tmp_path / "b.jsonl").read_text(encoding="utf-8")
    assert exported.count('"coder":"') == 5 and "👍🏽" in exported and "e\u0301" in exported and "\u00e9" not in exported
    from annotator.operations.projects import open_project

    pulled = open_project(copy, create=False)
    with pulled.read() as tx:
        assert decisions.get_decisions(tx, "abc") == {"0-9": "accepted"}
        from annotator.store.tombstones import list_tombstones

        assert len(list_tombstones(tx)) == 1
    pulled.close()


def test_a_coders_pull_holds_only_their_own_work(server, project, tmp_path):
    assert main(["server", "push", str(project.path), server.admin_url]) == 0
    mine = tmp_path / "alice.annotator"
    assert main(["server", "pull", server.url("alice"), str(mine)]) == 0
    lines = _export(mine, tmp_path / "alice.jsonl").decode().splitlines()
    assert len(lines) == 3  # her two documents and the one nobody coded... as far as she can tell
    assert '"coder":"bob"' not in "".join(lines) and '"coder":"gold"' not in "".join(lines)


def test_push_keeps_the_members_coders_and_ids_go_on(server, project, tmp_path):
    main(["server", "push", str(project.path), server.admin_url])
    with server.connect("alice") as alice:
        assert alice.execute("SELECT COUNT(*) FROM span").fetchone() == (3,)  # her spans reached her role
        label = alice.execute("SELECT id FROM label WHERE kind = 'span' LIMIT 1").fetchone()[0]
        doc = alice.execute("SELECT id FROM document LIMIT 1").fetchone()[0]
        alice.execute('INSERT INTO span (uid, document_id, coder_id, label_id, start, "end", unsure, created_at, updated_at)'
                      " VALUES ('after-push', %s, annotator_my_coder(), %s, 0, 1, false, 'x', 'x')", (doc, label))


def test_push_goes_only_into_an_empty_project_and_pull_makes_a_new_file(server, project, tmp_path, capsys):
    assert main(["server", "push", str(project.path), server.admin_url]) == 0
    assert main(["server", "push", str(project.path), server.admin_url]) == 1
    assert "has documents already" in capsys.readouterr().err
    existing = tmp_path / "exists.annotator"
    existing.write_bytes(b"keep me")
    assert main(["server", "pull", server.admin_url, str(existing)]) == 1
    assert existing.read_bytes() == b"keep me"
    with psycopg.connect(server.admin_url) as admin:
        assert admin.execute("SELECT COUNT(*) FROM span").fetchone() == (5,)


@pytest.mark.parametrize("pusher", ["administrator", "maria"])
def test_the_models_tables_travel_too(server, project, tmp_path, pusher):
    """A trained model (bytes), the suggestions shown to a coder and an assignment go and come back."""
    import sqlite3

    blob = bytes(range(256)) * 4
    with sqlite3.connect(project.path) as conn:
        conn.execute("INSERT INTO model (version, created_at, data_hash, meta, data) VALUES ('v1', 'now', 'h', '{}', ?)",
                     (blob,))
        alice = conn.execute("SELECT id FROM coder WHERE name = 'alice'").fetchone()[0]
        conn.execute('INSERT INTO suggestion (document_id, coder_id, model_version, start, "end", label, score,'
                     " created_at) VALUES (1, ?, 'v1', 0, 9, 'pro-isolation', 0.75, 'now')", (alice,))
        conn.execute("INSERT INTO assignment (document_id, coder_id, reliability) VALUES (1, ?, 1)", (alice,))
    project.close()
    url = server.admin_url if pusher == "administrator" else server.url("maria")
    assert main(["server", "push", str(project.path), url]) == 0
    copy = tmp_path / "copy.annotator"
    assert main(["server", "pull", server.url("maria"), str(copy)]) == 0
    with sqlite3.connect(copy) as conn:
        assert conn.execute("SELECT data FROM model").fetchone() == (blob,)
        assert conn.execute("SELECT c.name, s.score FROM suggestion s JOIN coder c ON c.id = s.coder_id").fetchall() == [
            ("alice", 0.75)]
        assert conn.execute("SELECT reliability FROM assignment").fetchall() == [(1,)]
    with server.connect("bob") as bob:  # another coder's suggestions are hers alone
        assert bob.execute("SELECT COUNT(*) FROM suggestion").fetchone() == (0,)
