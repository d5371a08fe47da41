"""The project file itself, before SQLite opens it: is it a project, of which schema; removing one
that was never finished. Read from the file's header, so a file we refuse gets nothing beside it."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import quote

from annotator.core.errors import ProjectError
from annotator.store import faults
from annotator.store.migrations import APPLICATION_ID, SCHEMA_VERSION


def check(path: Path) -> int:
    """Refuse files that are not annotator projects, or that a newer annotator wrote; the schema version.

    Read from the file's 100-byte header (user_version at 60, application_id at 68), without SQLite:
    opening a WAL-mode file would leave -wal and -shm files beside a file we refuse."""
    try:
        with open(path, "rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        raise ProjectError(f"cannot read the file: {exc.strerror}", path=str(path)) from exc
    if not header.startswith(b"SQLite format 3\x00") or len(header) < 100:
        raise ProjectError("not an annotator project (not a SQLite database)", path=str(path))
    version, app_id = int.from_bytes(header[60:64], "big", signed=True), int.from_bytes(header[68:72], "big")
    wal = Path(f"{path}-wal")
    if wal.exists() and wal.stat().st_size > 0:  # the header may be newer in the WAL: ask SQLite
        version, app_id = _header_through_sqlite(path, (version, app_id))
    if app_id != APPLICATION_ID:
        raise ProjectError("not an annotator project (a SQLite database of another program)", path=str(path))
    if version < 1:
        raise ProjectError("the project file has no schema version: annotator never finished writing it, or another"
                           " program changed it", path=str(path), hint="open its newest .bak beside it instead; the"
                           " file was not changed")
    if version > SCHEMA_VERSION:
        raise newer(path, version)
    return version


def _header_through_sqlite(path: Path, on_file: tuple[int, int]) -> tuple[int, int]:
    """user_version and application_id as SQLite sees them (the WAL included); those `on_file` where
    SQLite cannot open it here (a read-only folder: the read-only open copies it aside)."""
    try:
        conn = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)
    except sqlite3.OperationalError:
        return on_file
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0]), int(conn.execute("PRAGMA application_id").fetchone()[0])
    except sqlite3.OperationalError:
        return on_file
    except sqlite3.DatabaseError as exc:
        if "malformed" in str(exc) or "not a database" in str(exc):
            raise faults.damaged(path, str(exc)) from exc
        raise ProjectError(f"cannot read the project ({exc})", path=str(path)) from exc
    finally:
        conn.close()


def newer(path: Path, version: int) -> ProjectError:
    return ProjectError(
        f"this project was saved by a newer version of annotator (schema {version}; this version reads up to {SCHEMA_VERSION})",
        path=str(path), hint="update annotator to open it; the file was not changed")


def remove(path: Path) -> None:
    """Remove a project file that was never finished, with its -wal, -shm and -journal."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
