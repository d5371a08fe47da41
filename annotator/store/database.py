"""Opening a project file: connection settings, schema version checks, migrations, transactions.

A project is one SQLite file in WAL mode with foreign keys on and a busy timeout, so a second window
(or the CLI) on the same file waits for a lock instead of failing or corrupting anything. Writes begin
`IMMEDIATE`, so two writers never deadlock on a lock upgrade; reads begin deferred and never block a
writer. `synchronous=FULL`: a commit is on disk when it returns (one fsync, ~1 ms, see MEASURED.md).
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import QueuePool
from sqlmodel import Session, SQLModel

from annotator.core.errors import ProjectError, ProjectReadOnly
from annotator.store import faults, migrations, read_only
from annotator.store.schema import APPLICATION_ID, SCHEMA_VERSION, TRIGGERS

log = logging.getLogger(__name__)

# How long a write waits for another writer's lock before "the project is busy"; scripts on a shared
# disk may want longer (ANNOTATOR_BUSY_TIMEOUT_MS). The app waits less and retries (gui/project.py).
def _busy_timeout_ms() -> int:
    try:
        return max(int(os.environ.get("ANNOTATOR_BUSY_TIMEOUT_MS") or 10_000), 0)
    except ValueError:
        return 10_000


BUSY_TIMEOUT_MS = _busy_timeout_ms()
PROJECT_SUFFIX = ".annotator"


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


class Database:
    """An open project file. Use `transaction()` for writes and `read()` for reads.

    Driver errors never leave it: a lock held too long, a full disk, a read-only or damaged file
    become a ProjectError that says so (store/faults.py). A project that cannot be written here (a
    read-only folder, file or mount) opens read-only: reads work, `transaction()` says why it cannot.
    """

    def __init__(self, path: Path, engine: Engine, *, read_only: str | None = None, aside: Path | None = None) -> None:
        self.path = path
        self.engine = engine
        self.read_only = read_only  # why it cannot be written here; None when it can
        self._aside = aside  # a private copy read instead of the file (see read_only.py)

    @classmethod
    def open(cls, path: str | Path, *, create: bool = True, busy_timeout_ms: int | None = None) -> Database:
        """Open (and migrate, or create) the project at `path`; ProjectError when that cannot be done.

        `busy_timeout_ms`: how long a write waits for another writer (default BUSY_TIMEOUT_MS)."""
        path = Path(path)
        busy_timeout_ms = BUSY_TIMEOUT_MS if busy_timeout_ms is None else busy_timeout_ms
        exists = path.exists() and path.stat().st_size > 0
        if not exists and not create:
            raise ProjectError("no such project file", path=str(path), hint="check the path or create it with `annotator import`")
        if exists:
            version = _check_file(path)
            reason = read_only.why_read_only(path)
            if reason:
                db = read_only.open_read_only(cls, path, version, reason, _engine)
                log.warning("%s is read-only here (%s): opened for reading only", path, reason)
                return db
        try:
            if not exists:
                path.parent.mkdir(parents=True, exist_ok=True)
            db = cls(path, _engine(path, busy_timeout_ms))
        except OSError as exc:
            raise faults.explain(exc, path) or ProjectError(f"cannot create the project: {exc}", path=str(path)) from exc
        try:
            db._prepare(fresh=not exists)
        except BaseException as exc:
            db.close()
            if not exists:
                _remove_files_of(path)  # a new project is made whole or not at all
            explained = faults.explain(exc, path)
            if explained is None:
                raise
            raise explained from exc
        return db

    def _prepare(self, *, fresh: bool) -> None:
        if fresh:
            self._create()
            return
        version = self.schema_version()
        if version > SCHEMA_VERSION:  # another process upgraded it since we read the header
            raise _newer(self.path, version)
        with self.raw() as conn:
            conn.execute("PRAGMA journal_mode=WAL")
        if version < SCHEMA_VERSION:
            backup = migrations.backup_before_migration(self.path, version)
            log.info("migrating %s from schema %s to %s (backup: %s)", self.path, version, SCHEMA_VERSION, backup)
            with self.raw() as conn:
                migrations.migrate(conn, version, SCHEMA_VERSION)

    def _create(self) -> None:
        """Tables, triggers and the version stamp in one transaction: a new file is whole or empty."""
        with self.raw() as conn:
            conn.execute("PRAGMA journal_mode=WAL")
        with self.engine.begin() as conn:
            SQLModel.metadata.create_all(conn)
            for trigger in TRIGGERS:
                conn.exec_driver_sql(trigger)
            conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
            conn.exec_driver_sql(f"PRAGMA user_version={SCHEMA_VERSION}")

    def schema_version(self) -> int:
        with self.raw() as conn:
            return int(conn.execute("PRAGMA user_version").fetchone()[0])

    @contextmanager
    def transaction(self, activity: str | None = None) -> Iterator[Session]:
        """One unit of work, committed when the block ends (rolled back on an exception).

        `activity` ("an import", "a merge") names a long write: while it runs, a note beside the
        project tells other writers kept waiting what they wait for."""
        if self.read_only:
            raise ProjectReadOnly(f"the project is read-only here ({self.read_only}): nothing can be saved to it",
                                  path=str(self.path), hint="copy it to a folder you can write to")
        with self._explained(), Session(self.engine, expire_on_commit=False) as session:
            session.connection(execution_options={"annotator_write": True})  # BEGIN IMMEDIATE: the lock
            try:
                with faults.BusyNote(self.path).held(activity) if activity else nullcontext():
                    yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only view (deferred transaction): never blocks a writer in WAL mode."""
        with self._explained(), Session(self.engine) as session:
            yield session
            session.rollback()

    @contextmanager
    def raw(self) -> Iterator[sqlite3.Connection]:
        """The driver connection, in autocommit mode, for pragmas and migration steps."""
        with self._explained():
            conn = self.engine.raw_connection()
            try:
                yield conn.driver_connection  # type: ignore[misc]
            finally:
                conn.close()

    @contextmanager
    def _explained(self) -> Iterator[None]:
        try:
            yield
        except (DBAPIError, sqlite3.Error) as exc:
            explained = faults.explain(exc, self.path)
            if explained is None:
                raise
            raise explained from exc

    def close(self) -> None:
        self.engine.dispose()
        if self._aside is not None:
            shutil.rmtree(self._aside, ignore_errors=True)
            self._aside = None


def changes_made(tx: Session) -> int:
    """How many rows this transaction's connection has inserted, updated or deleted so far (a count
    that only grows: compare two readings to tell whether work in between changed anything)."""
    return int(tx.connection().connection.driver_connection.total_changes)  # type: ignore[union-attr]


class ChangeWatch:
    """Tells whether anyone else (another window, the CLI, a worker thread) committed to the project.

    SQLite's `PRAGMA data_version` changes, on a given connection, whenever any *other* connection
    commits; so the watch holds one connection of its own and never writes with it. Holding it also
    keeps the file open between transactions, so SQLite does not checkpoint and delete the WAL on
    every commit. Use from one thread.
    """

    def __init__(self, db: Database) -> None:
        self._record: Any = db.engine.raw_connection()
        self._seen = self._version()

    def _version(self) -> int:
        return int(self._record.driver_connection.execute("PRAGMA data_version").fetchone()[0])

    def changed(self) -> bool:
        """Whether a commit happened since the last call (this process's own commits count too:
        call it right after your own writes to take them off the record). False once closed."""
        if self._record is None:
            return False
        version = self._version()
        changed, self._seen = version != self._seen, version
        return changed

    def close(self) -> None:
        if self._record is not None:
            self._record.close()
            self._record = None


def _check_file(path: Path) -> int:
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
        raise _newer(path, version)
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


def _newer(path: Path, version: int) -> ProjectError:
    return ProjectError(
        f"this project was saved by a newer version of annotator (schema {version}; this version reads up to {SCHEMA_VERSION})",
        path=str(path), hint="update annotator to open it; the file was not changed")


def _remove_files_of(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _engine(path: Path, busy_timeout_ms: int | None = None, *, uri: str | None = None) -> Engine:
    """An engine on the file (or on a read-only `uri` of it: file:...?mode=ro)."""
    # A pool of connections kept open: closing SQLite's last connection checkpoints the WAL, which
    # would cost ~6 ms on every commit. `close()` disposes of the pool.
    if uri is None:
        engine = create_engine(f"sqlite:///{path}", pool_size=4, max_overflow=8)
    else:
        engine = create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False),
                               poolclass=QueuePool, pool_size=4, max_overflow=8)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves (see _on_begin)
        dbapi_conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS if busy_timeout_ms is None else busy_timeout_ms}")
        dbapi_conn.execute("PRAGMA foreign_keys=ON")
        dbapi_conn.execute("PRAGMA synchronous=FULL")
        # 64 MB page cache (default 2 MB): bulk imports of a million spans run ~30% faster.
        dbapi_conn.execute("PRAGMA cache_size=-65536")

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:  # type: ignore[no-untyped-def]
        write = conn.get_execution_options().get("annotator_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine
