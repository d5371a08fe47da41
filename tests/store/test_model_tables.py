"""Schema 2: the model, suggestion and assisted tables, and a project saved before them."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from annotator.core.suggestions import Decision
from annotator.core.types import NewDocument
from annotator.store import suggestions
from annotator.store._rows import run
from annotator.store.database import Database
from annotator.store.documents import add_documents
from annotator.store.models import latest_model, save_model

NEW_TABLES = ("model", "suggestion", "assisted")


def _columns(conn: sqlite3.Connection, table: str) -> list[tuple]:
    return [tuple(row[1:]) for row in conn.execute(f"PRAGMA table_info({table})")]


def test_a_project_saved_before_the_model_tables_opens_migrated(tmp_path: Path) -> None:
    """tests/store/data/schema1.annotator was saved by the schema-1 code, before the model tables."""
    fresh = Database.open(tmp_path / "fresh.annotator")
    with fresh.raw() as conn:
        expected = {t: _columns(conn, t) for t in NEW_TABLES}
    fresh.close()
    old = tmp_path / "old.annotator"
    shutil.copy(Path(__file__).parent / "data" / "schema1.annotator", old)
    with sqlite3.connect(old) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        assert not {t for t in NEW_TABLES} & {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    db = Database.open(old)
    try:
        with db.raw() as conn:
            assert {t: _columns(conn, t) for t in NEW_TABLES} == expected
        with db.transaction() as tx:
            stored = save_model(tx, "ab" * 32, {"figures": {}}, b"PK\x03\x04...")
            assert latest_model(tx).version == stored.version == "1-abababab"
            doc = run(tx, "SELECT id FROM document LIMIT 1").scalar_one()
            suggestions.show_suggestions(tx, doc, "alice", stored.version, [(0, 3, "pro-isolation", 0.7)])
            assert list(suggestions.assisted_coders(tx).values()) == [{"alice"}]
    finally:
        db.close()


def test_decisions_are_kept_and_taken_back(db) -> None:
    with db.transaction() as tx:
        doc = add_documents(tx, [NewDocument("One. Two.")])[0].id
        shown = suggestions.show_suggestions(tx, doc, "alice", "1-x", [(0, 4, "pro-isolation", 0.9)])
        suggestions.set_decision(tx, shown[0].id, Decision.REJECTED)
        again = suggestions.show_suggestions(tx, doc, "alice", "1-x", [(0, 4, "pro-isolation", 0.9)])
        assert [s.decision for s in again] == [Decision.REJECTED]  # shown again: the decision stays
        suggestions.set_decision(tx, shown[0].id, None)
        assert suggestions.get_suggestion(tx, shown[0].id).decision is None
        assert suggestions.suggestions_for(tx, doc, "bob", "1-x") == []  # each coder has their own
        assert list(suggestions.assisted_coders(tx).values()) == [{"alice"}]
