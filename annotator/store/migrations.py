"""Schema migrations: an ordered list of small steps, each taking a project one version up.

`PRAGMA user_version` holds the schema version. Before the first step runs, the file is copied
(SQLite's online backup, so a WAL-mode file is copied whole) to a backup next to it.
Add a step by appending `STEPS[n] = step` that turns version n-1 into n, and bump SCHEMA_VERSION.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from annotator.core.errors import ProjectError

Step = Callable[[sqlite3.Connection], None]


def add_model_and_suggestion_tables(conn: sqlite3.Connection) -> None:
    """Schema 2: trained models, the suggestions coders were shown, and the documents they saw them on."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS model (id INTEGER NOT NULL PRIMARY KEY, version VARCHAR NOT NULL UNIQUE,"
        " created_at VARCHAR NOT NULL, data_hash VARCHAR NOT NULL, meta VARCHAR NOT NULL, data BLOB NOT NULL)")
    conn.execute(
        'CREATE TABLE IF NOT EXISTS suggestion (id INTEGER NOT NULL PRIMARY KEY, document_id INTEGER NOT NULL'
        " REFERENCES document (id) ON DELETE CASCADE, coder_id INTEGER NOT NULL REFERENCES coder (id),"
        ' model_version VARCHAR NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, label VARCHAR NOT NULL,'
        " score FLOAT NOT NULL, decision VARCHAR, span_uid VARCHAR, decided_at VARCHAR, created_at VARCHAR NOT NULL,"
        ' UNIQUE (document_id, coder_id, model_version, start, "end"),'
        " CONSTRAINT suggestion_decision CHECK (decision IS NULL OR decision IN ('accepted', 'rejected')))")
    conn.execute(
        "CREATE TABLE IF NOT EXISTS assisted (document_id INTEGER NOT NULL REFERENCES document (id) ON DELETE"
        " CASCADE, coder_id INTEGER NOT NULL REFERENCES coder (id), model_version VARCHAR NOT NULL,"
        " first_seen_at VARCHAR NOT NULL, PRIMARY KEY (document_id, coder_id))")


def add_assignment_table(conn: sqlite3.Connection) -> None:
    """Schema 3: the stored assignment of documents to coders (`annotator assign`)."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS assignment (document_id INTEGER NOT NULL REFERENCES document (id) ON DELETE CASCADE,"
        " coder_id INTEGER NOT NULL REFERENCES coder (id), reliability BOOLEAN NOT NULL,"
        " PRIMARY KEY (document_id, coder_id))"
    )
    conn.execute("CREATE INDEX IF NOT EXISTS ix_assignment_coder_id ON assignment (coder_id)")


def add_span_source_id_and_span_guards(conn: sqlite3.Connection) -> None:
    """Schema 4: spans keep the id they arrived with when it was another span's (`source_id`), and
    SQLite refuses an update that moves a span outside its text or to another document or coder."""
    if "source_id" not in {row[1] for row in conn.execute("PRAGMA table_info(span)")}:
        conn.execute("ALTER TABLE span ADD COLUMN source_id VARCHAR")
    conn.execute("""CREATE TRIGGER IF NOT EXISTS span_stays_inside_its_text BEFORE UPDATE OF start, "end", document_id
                    ON span WHEN NEW."end" > (SELECT length FROM document WHERE id = NEW.document_id)
                    BEGIN SELECT RAISE(ABORT, 'a span must lie inside its document''s text'); END""")
    conn.execute("""CREATE TRIGGER IF NOT EXISTS span_keeps_its_document_and_coder BEFORE UPDATE OF document_id, coder_id
                    ON span WHEN NEW.document_id IS NOT OLD.document_id OR NEW.coder_id IS NOT OLD.coder_id
                    BEGIN SELECT RAISE(ABORT, 'a span never moves to another document or coder'); END""")


def add_span_counts(conn: sqlite3.Connection) -> None:
    """Schema 5: each coder's span count per document, kept by the store (see store/span_counts.py)."""
    conn.execute("CREATE TABLE IF NOT EXISTS span_count (document_id INTEGER NOT NULL REFERENCES document (id)"
                 " ON DELETE CASCADE, coder_id INTEGER NOT NULL REFERENCES coder (id), spans INTEGER NOT NULL,"
                 " PRIMARY KEY (document_id, coder_id))")
    conn.execute("DELETE FROM span_count")
    conn.execute("INSERT INTO span_count (document_id, coder_id, spans)"
                 " SELECT document_id, coder_id, COUNT(*) FROM span GROUP BY document_id, coder_id")


# STEPS[n] migrates a database from version n-1 to n. Version 1 is the first schema.
STEPS: dict[int, Step] = {2: add_model_and_suggestion_tables, 3: add_assignment_table,
                          4: add_span_source_id_and_span_guards, 5: add_span_counts}

# Opening a project file needs these two numbers; they live here, beside the steps, because store/schema.py
# defines the tables with SQLModel, which costs ~0.6 s to import (tests/store check that both agree).
SCHEMA_VERSION = max(STEPS)  # the schema the last step brings a project to
APPLICATION_ID = 0x414E4E54  # "ANNT": marks a SQLite file as an annotator project (PRAGMA application_id)


def backup_before_migration(path: Path, version: int) -> Path:
    """Copy the project to `<name>.schema<version>-<timestamp>.bak` beside it and return that path."""
    return backup_file(path, f"schema{version}")


def backup_file(path: Path, tag: str) -> Path:
    """A consistent copy of the project (even mid-WAL) at `<name>.<tag>-<timestamp>.bak` beside it."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    backup = path.with_name(f"{path.name}.{tag}-{stamp}.bak")
    source = sqlite3.connect(path)
    target = sqlite3.connect(backup)
    try:
        source.backup(target)
    except sqlite3.Error as exc:
        raise ProjectError(f"cannot make a backup: {exc}", path=str(path), hint="free disk space and retry") from exc
    finally:
        target.close()
        source.close()
    return backup


def migrate(conn: sqlite3.Connection, from_version: int, to_version: int) -> None:
    """Run each step from `from_version` to `to_version`, each in its own transaction."""
    for version in range(from_version + 1, to_version + 1):
        step = STEPS.get(version)
        if step is None:
            raise ProjectError(f"no migration to schema {version}; this project cannot be upgraded")
        conn.execute("BEGIN IMMEDIATE")
        try:
            step(conn)
            conn.execute(f"PRAGMA user_version={version}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
