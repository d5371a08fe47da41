"""The project file: pragmas, schema version checks, migrations with backup, write locking."""

import sqlite3
from pathlib import Path

import pytest

from annotator.core.errors import ProjectError
from annotator.store import migrations
from annotator.store._rows import run
from annotator.store.database import Database
from annotator.store.schema import SCHEMA_VERSION


@pytest.mark.file_only
def test_new_project_is_wal_with_foreign_keys_and_version(db, project_path):
    with db.raw() as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    assert db.schema_version() == SCHEMA_VERSION


@pytest.mark.file_only
def test_every_query_column_is_indexed(db):
    with db.raw() as conn:
        indexes = {row[1] for row in conn.execute("SELECT * FROM sqlite_master WHERE type = 'index'")}
    assert "ix_span_document_coder" in indexes
    assert "ix_annotation_coder_status" in indexes


def test_newer_schema_is_refused_and_file_left_alone(project_path):
    Database.open(project_path).close()
    with sqlite3.connect(project_path) as conn:
        conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    before = project_path.read_bytes()
    with pytest.raises(ProjectError, match="newer version of annotator"):
        Database.open(project_path)
    assert project_path.read_bytes() == before


def test_non_project_files_are_refused(tmp_path):
    text = tmp_path / "notes.annotator"
    text.write_text("hello")
    with pytest.raises(ProjectError, match="not an annotator project"):
        Database.open(text)
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    with pytest.raises(ProjectError, match="another program"):
        Database.open(other)


def test_missing_project_without_create(tmp_path):
    with pytest.raises(ProjectError, match="no such project"):
        Database.open(tmp_path / "absent.annotator", create=False)


def test_older_schema_is_backed_up_then_migrated(project_path, monkeypatch):
    Database.open(project_path).close()
    # Pretend the current code is one version ahead, with a step that adds a column.
    import annotator.store.database as database_module

    monkeypatch.setattr(database_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setattr("annotator.store.project_file.check", lambda path: SCHEMA_VERSION)
    monkeypatch.setitem(migrations.STEPS, SCHEMA_VERSION + 1, lambda conn: conn.execute("ALTER TABLE coder ADD COLUMN colour TEXT"))
    db = Database.open(project_path)
    assert db.schema_version() == SCHEMA_VERSION + 1
    with db.raw() as conn:
        assert "colour" in [row[1] for row in conn.execute("PRAGMA table_info(coder)")]
    db.close()
    backups = list(project_path.parent.glob(f"{project_path.name}.schema{SCHEMA_VERSION}-*.bak"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert "colour" not in [row[1] for row in conn.execute("PRAGMA table_info(coder)")]


def test_failed_migration_step_leaves_version_unchanged(project_path, monkeypatch):
    Database.open(project_path).close()
    import annotator.store.database as database_module

    def broken(conn):
        conn.execute("ALTER TABLE coder ADD COLUMN colour TEXT")
        raise RuntimeError("step failed")

    monkeypatch.setattr(database_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setattr("annotator.store.project_file.check", lambda path: SCHEMA_VERSION)
    monkeypatch.setitem(migrations.STEPS, SCHEMA_VERSION + 1, broken)
    with pytest.raises(RuntimeError):
        Database.open(project_path)
    with sqlite3.connect(project_path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert "colour" not in [row[1] for row in conn.execute("PRAGMA table_info(coder)")]


@pytest.mark.file_only
def test_write_transactions_take_the_write_lock_at_once(db, project_path):
    """BEGIN IMMEDIATE: a second writer waits instead of deadlocking on a lock upgrade."""
    other = sqlite3.connect(project_path, timeout=0, isolation_level=None)
    with db.transaction() as tx:
        run(tx, "SELECT 1")
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
    other.execute("BEGIN IMMEDIATE")
    other.execute("ROLLBACK")
    other.close()


@pytest.mark.file_only
def test_reads_do_not_block_writers(db, project_path):
    other = sqlite3.connect(project_path, timeout=0, isolation_level=None)
    with db.read() as tx:
        run(tx, "SELECT COUNT(*) FROM document").all()
        other.execute("BEGIN IMMEDIATE")
        other.execute("INSERT INTO coder (name, created_at) VALUES ('x', 'now')")
        other.execute("COMMIT")
    other.close()


@pytest.mark.file_only
def test_change_watch_sees_commits_of_other_connections(db, project_path):
    from annotator.core.types import NewDocument
    from annotator.store.database import ChangeWatch
    from annotator.store.documents import add_documents

    watch = ChangeWatch(db)
    assert not watch.changed()
    other = Database.open(project_path)  # another window, or the CLI
    with other.transaction() as tx:
        add_documents(tx, [NewDocument("A text from elsewhere.")])
    assert watch.changed()
    assert not watch.changed()  # reported once
    with db.read() as tx:
        run(tx, "SELECT COUNT(*) FROM document").all()
    assert not watch.changed()  # reads are not changes
    with db.transaction() as tx:
        add_documents(tx, [NewDocument("A text from here.")])
    assert watch.changed()  # this process's own commits count too: the caller takes them off
    other.close()
    watch.close()
    assert not watch.changed()


def test_a_saved_schema_1_project_opens_migrated_with_its_work(tmp_path):
    """tests/store/data/schema1.annotator was saved by the schema-1 code: two coders, spans "1" and "2",
    a deleted span and a stance."""
    import shutil

    from annotator.store import spans, tombstones

    path = tmp_path / "old.annotator"
    shutil.copy(Path(__file__).parent / "data" / "schema1.annotator", path)
    db = Database.open(path)
    assert db.schema_version() == SCHEMA_VERSION
    with db.read() as tx:
        alice = spans.spans_of_coder(tx, "alice")
        assert [(s.uid, s.start, s.end, s.holder, s.source_id) for s in alice] == [("1", 0, 9, "Kallas", None),
                                                                                   ("2", 0, 5, None, None)]
        assert [t.coder for t in tombstones.list_tombstones(tx)] == ["bob"]
    with db.raw() as conn, pytest.raises(sqlite3.IntegrityError, match="inside its document"):
        conn.execute("UPDATE span SET \"end\" = 999 WHERE uid = '1'")
    db.close()
    (backup,) = tmp_path.glob("old.annotator.schema1-*.bak")
    with sqlite3.connect(backup) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1


def test_refusing_a_newer_project_leaves_nothing_beside_it(project_path):
    Database.open(project_path).close()
    conn = sqlite3.connect(project_path)
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    conn.close()  # the last connection: SQLite folds the WAL in and removes -wal and -shm
    with pytest.raises(ProjectError, match="newer version of annotator"):
        Database.open(project_path)
    assert sorted(p.name for p in project_path.parent.iterdir()) == [project_path.name]  # no -wal, -shm or .bak


def test_a_project_without_a_schema_version_is_refused_in_words_and_left_alone(project_path):
    Database.open(project_path).close()
    conn = sqlite3.connect(project_path)
    conn.execute("PRAGMA user_version=0")  # as a creation killed half-way, or another program, leaves it
    conn.close()
    before = project_path.read_bytes()
    with pytest.raises(ProjectError, match="no schema version") as error:
        Database.open(project_path)
    assert "no migration" not in str(error.value)
    assert project_path.read_bytes() == before
    assert sorted(p.name for p in project_path.parent.iterdir()) == [project_path.name]  # no .bak


def test_a_new_project_is_created_whole_in_one_transaction(project_path, monkeypatch):
    """A failure while the tables are made leaves no file: not a project stamped without a version."""
    from annotator.store import schema

    def broken():  # the disk fails once the tables are made, before the triggers and the version stamp
        raise sqlite3.OperationalError("disk I/O error")
        yield

    monkeypatch.setattr(schema, "TRIGGERS", broken())
    with pytest.raises(ProjectError, match="nothing was changed"):
        Database.open(project_path)
    assert list(project_path.parent.iterdir()) == []


def test_a_long_write_tells_a_waiting_writer_what_it_waits_for(project_path, monkeypatch):
    from annotator.core.errors import ProjectBusy

    monkeypatch.setattr("annotator.store.database.BUSY_TIMEOUT_MS", 50)
    holder, waiter = Database.open(project_path), Database.open(project_path)
    with holder.transaction(activity="a merge"):
        with pytest.raises(ProjectBusy) as busy, waiter.transaction():
            pass
    assert "the project is busy (a merge by this program" in str(busy.value)
    assert "try again" in str(busy.value) and "locked" not in str(busy.value)
    assert not project_path.with_name(f".{project_path.name}.busy").exists()  # the note goes with the write
    with waiter.transaction():  # and the project is free again
        pass
    holder.close()
    waiter.close()
