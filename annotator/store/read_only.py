"""Opening a project that cannot be written here: a read-only file, folder or mount.

A WAL-mode project needs a writable `-shm` file beside it even to be read. So: in a writable folder
SQLite opens the file read-only (`mode=ro`); in a read-only folder with no pending WAL it opens it
`immutable` (nothing to miss); otherwise (a pending WAL, or an older schema that must be migrated
first) a private copy is read, made in a temporary folder and removed when the project is closed.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from annotator.core.errors import ProjectDamaged, ProjectError
from annotator.store.migrations import SCHEMA_VERSION

if TYPE_CHECKING:
    from annotator.store.database import Database


def why_read_only(path: Path) -> str | None:
    """Why the project at `path` cannot be written here, or None if it can."""
    try:
        if os.statvfs(path).f_flag & os.ST_RDONLY:
            return "it is on a read-only disk"
    except OSError:
        pass
    if not os.access(path, os.W_OK):
        return "the file is read-only"
    if not os.access(path.parent, os.W_OK):
        return "its folder is read-only"
    return None


def open_read_only(cls: type[Database], path: Path, version: int, reason: str) -> Database:
    """The project at `path`, opened for reading only (see the module docstring)."""
    wal = Path(f"{path}-wal")
    pending = wal.exists() and wal.stat().st_size > 0
    if version == SCHEMA_VERSION and (os.access(path.parent, os.W_OK) or not pending):
        flags = "mode=ro" if os.access(path.parent, os.W_OK) else "mode=ro&immutable=1"
        db = cls(path, uri=f"file:{quote(str(path))}?{flags}", read_only=reason)
        if _readable(db):
            return db
        db.close()
    return _open_copy(cls, path, pending, reason)


def _open_copy(cls: type[Database], path: Path, pending: bool, reason: str) -> Database:
    aside = Path(tempfile.mkdtemp(prefix="annotator-read-only-"))
    copy = aside / path.name
    try:
        shutil.copyfile(path, copy)
        if pending:
            shutil.copyfile(f"{path}-wal", f"{copy}-wal")
        work = cls(copy)
        try:
            work._prepare(fresh=False)  # recovers the WAL, migrates an older schema (of the copy)
        finally:
            work.close()
    except ProjectDamaged:
        shutil.rmtree(aside, ignore_errors=True)
        raise
    except (OSError, ProjectError) as exc:
        shutil.rmtree(aside, ignore_errors=True)
        raise ProjectError(f"cannot read the project: {reason}, and a copy of it could not be made ({exc})",
                           path=str(path), hint="copy it to a folder you can write to and open the copy") from exc
    return cls(path, uri=f"file:{quote(str(copy))}", read_only=reason, aside=aside)


def _readable(db: Database) -> bool:
    try:
        with db.raw() as conn:
            conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    except ProjectError:
        return False
    return True

