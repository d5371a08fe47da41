"""A project file runs on the stdlib sqlite3 driver: the same tables as SQLModel defines, and no ORM
imported to open a project and work in it (issue 14: SQLAlchemy + SQLModel were ~0.6 s of every start)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

from annotator.core.errors import ProjectError
from annotator.store import migrations, schema
from annotator.store.database import Database


def _master(path: Path) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name").fetchall()


def test_a_new_project_has_the_tables_sqlalchemy_would_create(tmp_path: Path) -> None:
    from sqlalchemy import create_engine
    from sqlmodel import SQLModel

    Database.open(tmp_path / "ours.annotator").close()
    engine = create_engine(f"sqlite:///{tmp_path / 'theirs.annotator'}")
    SQLModel.metadata.create_all(engine)
    engine.dispose()
    with sqlite3.connect(tmp_path / "theirs.annotator") as conn:
        for trigger in schema.TRIGGERS:
            conn.execute(trigger)
    assert _master(tmp_path / "ours.annotator") == _master(tmp_path / "theirs.annotator")


def test_the_schema_version_opening_uses_is_the_tables_and_the_last_migrations() -> None:
    assert migrations.SCHEMA_VERSION == schema.SCHEMA_VERSION == max(migrations.STEPS)
    assert schema.APPLICATION_ID == migrations.APPLICATION_ID


def test_working_in_a_project_imports_no_orm(tmp_path: Path) -> None:
    path = tmp_path / "p.annotator"
    Database.open(path).close()  # created here: creating a project does import SQLModel
    code = """
import json, sys
from annotator.core.types import NewDocument, Span, DocumentId, SpanUid
from annotator.gui.project import Project  # what the app imports to open a project
from annotator.operations.projects import open_project
from annotator.store.documents import add_documents, list_summaries
from annotator.store.spans import add_span, spans_for
db = open_project(sys.argv[1])
with db.transaction() as tx:
    (doc,) = add_documents(tx, [NewDocument("Talks with Minsk resumed.")])
    add_span(tx, Span(SpanUid("s1"), DocumentId(doc.id), "ann", 0, 5, "pro-engagement"))
with db.read() as tx:
    assert [s.uid for s in spans_for(tx, DocumentId(doc.id))] == ["s1"]
    assert list_summaries(tx, "ann")[0].span_count == 1
db.close()
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in ("sqlmodel", "sqlalchemy", "pydantic"))))
"""
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=False,
                          env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""})
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == []


def test_transactions_from_several_threads_each_commit_their_own_work(tmp_path: Path) -> None:
    db = Database.open(tmp_path / "p.annotator")
    from annotator.store._rows import run

    with db.transaction() as tx:
        run(tx, "CREATE TABLE t (thread INTEGER, n INTEGER)")

    def work(thread: int) -> None:
        for n in range(20):
            with db.transaction() as tx:
                run(tx, "INSERT INTO t VALUES (?, ?)", (thread, n))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with db.read() as tx:
        assert run(tx, "SELECT COUNT(*), COUNT(DISTINCT thread) FROM t").first() == (120, 6)
    db.close()


def test_a_failed_transaction_leaves_nothing_and_the_connection_usable(tmp_path: Path) -> None:
    from annotator.store._rows import run

    db = Database.open(tmp_path / "p.annotator")
    with db.transaction() as tx:
        run(tx, "CREATE TABLE t (n INTEGER UNIQUE)")
    try:
        with db.transaction() as tx:
            run(tx, "INSERT INTO t VALUES (1)")
            run(tx, "INSERT INTO t VALUES (1)")  # breaks the constraint: the whole transaction goes
    except ProjectError as exc:  # the store says it in words (store/faults.py), the driver's error as its cause
        assert isinstance(exc.__cause__, sqlite3.IntegrityError)
    with db.transaction() as tx:
        run(tx, "INSERT INTO t VALUES (2)")
    with db.read() as tx:
        assert run(tx, "SELECT n FROM t").all() == [(2,)]
    db.close()
