"""Opening a project file: connection settings, schema version checks, migrations, transactions.

A project is one SQLite file in WAL mode with foreign keys on and a busy timeout, so a second window
(or the CLI) on the same file waits for a lock instead of failing or corrupting anything. Writes begin
`IMMEDIATE`, so two writers never deadlock on a lock upgrade; reads begin deferred and never block a
writer. `synchronous=FULL`: a commit is on disk when it returns (one fsync, ~1 ms, see MEASURED.md).

Driver errors never leave a Database: a lock held too long, a full disk, a read-only or damaged file
become a ProjectError that says so (store/faults.py). A project that cannot be written here (a
read-only folder, file or mount) opens read-only (store/read_only.py): reads work, writes say why not.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

from annotator.core.errors import ProjectError, ProjectReadOnly
from annotator.core.locations import is_server_url
from annotator.core.timestamps import utc_now as utc_now  # the store's modules take it from here
from annotator.store import faults, migrations, project_file, read_only
from annotator.store._rows import Session, Transaction
from annotator.store.migrations import APPLICATION_ID, SCHEMA_VERSION

log = logging.getLogger(__name__)


def _busy_timeout_ms() -> int:
    try:
        return max(int(os.environ.get("ANNOTATOR_BUSY_TIMEOUT_MS") or 10_000), 0)
    except ValueError:
        return 10_000


# How long a write waits for another writer's lock before "the project is busy"; scripts on a shared
# disk may want longer (ANNOTATOR_BUSY_TIMEOUT_MS). The app waits less and retries (gui/project.py).
BUSY_TIMEOUT_MS = _busy_timeout_ms()
PRAGMAS = (  # and PRAGMA busy_timeout, per Database
    "PRAGMA foreign_keys=ON",
    "PRAGMA synchronous=FULL",
    "PRAGMA cache_size=-65536",  # 64 MB page cache (default 2 MB): bulk imports of a million spans run ~30% faster
)


class Database:
    """An open project file. Use `transaction()` for writes and `read()` for reads.

    Transactions run on the stdlib sqlite3 driver (see store/_rows.py for why no ORM); connections are
    kept open between them (see _Pool) and may be used from any thread, one transaction at a time each.
    """

    def __init__(self, path: Path, *, busy_timeout_ms: int | None = None, uri: str | None = None,
                 read_only: str | None = None, aside: Path | None = None) -> None:
        self.path = path
        self.read_only = read_only  # why the project cannot be written here; None when it can
        self._aside = aside  # a private copy read instead of the file (see read_only.py), removed on close
        self._pool = _Pool(uri or path, BUSY_TIMEOUT_MS if busy_timeout_ms is None else busy_timeout_ms)

    is_server = False

    @classmethod
    def open(cls, path: str | Path, *, create: bool = True, password: str | None = None,
             busy_timeout_ms: int | None = None) -> Database:
        """Open (and migrate, or create) the project at `path`; ProjectError when that cannot be done.

        A `postgresql://` URL opens a team project on a server instead (store/postgres): the same
        `transaction()`/`read()` API; it is never created here (`annotator server init` does that).
        `busy_timeout_ms`: how long a write waits for another writer (default BUSY_TIMEOUT_MS)."""
        if is_server_url(path):
            from annotator.store.postgres.server_database import ServerDatabase

            return ServerDatabase.open(str(path), password=password)  # type: ignore[return-value]
        path = Path(path)
        exists = path.exists() and path.stat().st_size > 0
        if not exists and not create:
            raise ProjectError("no such project file", path=str(path), hint="check the path or create it with `annotator import`")
        if exists:
            version = project_file.check(path)
            reason = read_only.why_read_only(path)
            if reason:
                db = read_only.open_read_only(cls, path, version, reason)
                log.warning("%s is read-only here (%s): opened for reading only", path, reason)
                return db
        try:
            if not exists:
                path.parent.mkdir(parents=True, exist_ok=True)
            db = cls(path, busy_timeout_ms=busy_timeout_ms)
        except OSError as exc:
            raise faults.explain(exc, path) or ProjectError(f"cannot create the project: {exc}", path=str(path)) from exc
        try:
            db._prepare(fresh=not exists)
        except BaseException as exc:
            db.close()
            if not exists:
                project_file.remove(path)  # a new project is made whole or not at all
            explained = faults.explain(exc, path)
            if explained is None:
                raise
            raise explained from exc
        return db

    @property
    def location(self) -> str:
        """Where the project is, for titles and the recent-projects list (a server project: its URL)."""
        return str(self.path)

    def _prepare(self, *, fresh: bool) -> None:
        if not fresh:
            version = self.schema_version()
            if version > SCHEMA_VERSION:  # another process upgraded it since we read the header
                raise project_file.newer(self.path, version)
        with self.raw() as conn:
            conn.execute("PRAGMA journal_mode=WAL")
            if fresh:
                _create_tables(conn)  # in one transaction: a new file is whole or empty
                return
        if version < SCHEMA_VERSION:
            backup = migrations.backup_before_migration(self.path, version)
            log.info("migrating %s from schema %s to %s (backup: %s)", self.path, version, SCHEMA_VERSION, backup)
            with self.raw() as conn:
                migrations.migrate(conn, version, SCHEMA_VERSION)

    def schema_version(self) -> int:
        with self.raw() as conn:
            return int(conn.execute("PRAGMA user_version").fetchone()[0])

    @contextmanager
    def transaction(self, activity: str | None = None) -> Iterator[Transaction]:
        """One unit of work, committed when the block ends (rolled back on an exception).

        `BEGIN IMMEDIATE`: the write lock is taken at once, so two writers never deadlock on a lock upgrade.
        `activity` ("an import", "a merge") names a long write: while it runs, a note beside the project
        tells other writers kept waiting what they wait for."""
        if self.read_only:
            raise ProjectReadOnly(f"the project is read-only here ({self.read_only}): nothing can be saved to it",
                                  path=str(self.path), hint="copy it to a folder you can write to")
        with self._explained(), self._pool.connection() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                with faults.BusyNote(self.path).held(activity) if activity else nullcontext():
                    yield Transaction(conn)
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

    @contextmanager
    def read(self) -> Iterator[Transaction]:
        """A read-only view (deferred transaction): never blocks a writer in WAL mode."""
        with self._explained(), self._pool.connection() as conn:
            conn.execute("BEGIN")
            try:
                yield Transaction(conn)
            finally:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")

    @contextmanager
    def raw(self) -> Iterator[sqlite3.Connection]:
        """A driver connection in autocommit mode, for pragmas and migration steps."""
        with self._explained(), self._pool.connection() as conn:
            yield conn

    @contextmanager
    def _explained(self) -> Iterator[None]:
        """Driver errors as the ProjectError they mean (store/faults.py); others (bugs) as they are."""
        try:
            yield
        except sqlite3.Error as exc:
            explained = faults.explain(exc, self.path)
            if explained is None:
                raise
            raise explained from exc

    def connect(self) -> sqlite3.Connection:
        """A connection of its own, outside the pool, with the project's settings (close it when done)."""
        return self._pool.connect()

    def close(self) -> None:
        self._pool.close()
        if self._aside is not None:
            shutil.rmtree(self._aside, ignore_errors=True)
            self._aside = None


def changes_made(tx: Session) -> int | None:
    """How many rows this transaction's connection has inserted, updated or deleted so far (a count
    that only grows: compare two readings to tell whether work in between changed anything); None for
    a server project, which keeps no such count."""
    return tx.conn.total_changes if type(tx) is Transaction else None


class _Pool:
    """Connections to one project file, kept open between transactions: closing SQLite's last
    connection checkpoints the WAL, which would cost ~6 ms on every commit. Thread-safe."""

    KEEP = 4  # idle connections kept; more are opened when threads need them, and closed after

    def __init__(self, path: Path | str, busy_timeout_ms: int) -> None:
        self.path = path  # the file, or a file: URI (a read-only open, see read_only.py)
        self.busy_timeout_ms = busy_timeout_ms
        self._idle: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._closed = False

    @contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            conn = self._idle.pop() if self._idle else None
        conn = conn or self.connect()
        try:
            yield conn
        finally:
            self._release(conn)

    def _release(self, conn: sqlite3.Connection) -> None:
        if conn.in_transaction:  # a caller of raw() left one open
            conn.execute("ROLLBACK")
        with self._lock:
            if not self._closed and len(self._idle) < self.KEEP:
                self._idle.append(conn)
                return
        conn.close()

    def close(self) -> None:
        with self._lock:
            idle, self._idle, self._closed = self._idle, [], True
        for conn in idle:
            conn.close()

    def connect(self) -> sqlite3.Connection:
        # isolation_level=None: the driver never begins a transaction of its own; Database does.
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, uri=isinstance(self.path, str))
        conn.execute(f"PRAGMA busy_timeout={self.busy_timeout_ms}")
        for pragma in PRAGMAS:
            conn.execute(pragma)
        return conn


def _create_tables(conn: sqlite3.Connection) -> None:
    """A new project's tables, from their SQLModel definitions (store/schema.py), as SQLAlchemy's
    `create_all` would emit them. Only creating a project imports SQLAlchemy and SQLModel."""
    from sqlalchemy.dialects import sqlite
    from sqlalchemy.schema import CreateIndex, CreateTable
    from sqlmodel import SQLModel

    from annotator.store.schema import TRIGGERS

    dialect = sqlite.dialect()
    conn.execute("BEGIN IMMEDIATE")
    try:
        for table in SQLModel.metadata.sorted_tables:
            conn.execute(str(CreateTable(table).compile(dialect=dialect)))
            for index in sorted(table.indexes, key=lambda index: index.name or ""):
                conn.execute(str(CreateIndex(index).compile(dialect=dialect)))
        for trigger in TRIGGERS:
            conn.execute(trigger)
        conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


class ChangeWatch:
    """Tells whether anyone else (another window, the CLI, a worker thread) committed to the project.

    SQLite's `PRAGMA data_version` changes, on a given connection, whenever any *other* connection
    commits; so the watch holds one connection of its own and never writes with it. Holding it also
    keeps the file open between transactions, so SQLite does not checkpoint and delete the WAL on
    every commit. Use from one thread.
    """

    def __init__(self, db: Database) -> None:
        self._server: Any = None
        self._record: Any = None
        if db.is_server:  # a server project: its NOTIFYs, heard on a connection of the watch's own
            from annotator.store.postgres.watch import ServerChangeWatch

            self._server = ServerChangeWatch(db.url, db.password)  # type: ignore[attr-defined]
            return
        self._record = db.connect()
        self._seen = self._version()

    def _version(self) -> int:
        return int(self._record.execute("PRAGMA data_version").fetchone()[0])

    def changed(self) -> bool:
        """Whether a commit happened since the last call (this process's own commits count too:
        call it right after your own writes to take them off the record). False once closed."""
        if self._server is not None:
            return bool(self._server.changed())
        if self._record is None:
            return False
        version = self._version()
        changed, self._seen = version != self._seen, version
        return changed

    @property
    def online(self) -> bool:
        """Whether the server answers (always true for a project file)."""
        return self._server is None or bool(self._server.online)

    def close(self) -> None:
        if self._server is not None:
            self._server.close()
        if self._record is not None:
            self._record.close()
            self._record = None
