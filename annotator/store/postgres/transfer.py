"""Moving a whole project between a file and a server: `annotator server push` and `server pull`.

Rows are copied table by table, with their ids, so a pulled copy exports byte for byte as the pushed
file did. Coders are matched by name (the server knows its members' coders before any push). Bulk
paths only: `COPY` where the session may (a superuser or BYPASSRLS role: COPY FROM is refused under
row security), else `INSERT … SELECT FROM unnest(arrays)` in batches, still set-based.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy import Boolean, Connection, Table
from sqlmodel import SQLModel

from annotator.core.errors import ProjectError
from annotator.store import schema as project_schema
from annotator.store._rows import COLUMN_TYPES, unnest_insert
from annotator.store.database import Database
from annotator.store.postgres.engine import redact, server_engine

_BATCH = 20_000
_CODER_COLUMN = "coder_id"


@dataclass
class TransferCounts:
    rows: dict[str, int] = field(default_factory=dict)

    def describe(self) -> str:
        return ", ".join(f"{n:,} {table}" for table, n in self.rows.items() if n)


def project_tables() -> list[Table]:
    """The project's tables in foreign-key order (the same on both engines)."""
    return list(SQLModel.metadata.sorted_tables)


def push(path: Path, url: str, *, password: str | None = None) -> TransferCounts:
    """Copy the project file at `path` into the empty server project at `url` (one transaction)."""
    Database.open(path, create=False).close()  # checks the file and brings its schema up to date
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    engine = server_engine(url, password=password)
    counts = TransferCounts()
    try:
        with engine.begin() as conn:
            _check_target(conn, url)
            coder_ids = _push_coders(conn, source)
            conn.exec_driver_sql("DELETE FROM setting")  # the codebook `server init` installed:
            conn.exec_driver_sql("DELETE FROM label")    # the project brings its own
            copy = _copy_rows if _may_copy(conn) else _insert_rows
            for table in project_tables():
                if table.name == "coder":
                    counts.rows["coder"] = len(coder_ids)
                    continue
                columns = [c.name for c in table.columns]
                rows = source.execute(f"SELECT {_names(columns)} FROM {table.name} ORDER BY rowid")
                counts.rows[table.name] = copy(conn, table, columns, _adapted(table, columns, rows, coder_ids))
            _advance_sequences(conn)
    finally:
        source.close()
        engine.dispose()
    return counts


def pull(url: str, path: Path, *, password: str | None = None) -> TransferCounts:
    """A new project file at `path` with every row of the server project this login may read."""
    if path.exists():
        raise ProjectError("the file exists already; pull makes a new project file", path=str(path),
                           hint="choose another name or remove the file")
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    Database.open(partial).close()
    engine = server_engine(url, password=password)
    counts = TransferCounts()
    target = sqlite3.connect(partial, isolation_level=None)
    try:
        with engine.connect() as conn:
            _check_initialised(conn, url)
            driver = conn.connection.driver_connection
            target.execute("BEGIN IMMEDIATE")
            for table in project_tables():
                columns = [c.name for c in table.columns]
                marks = ", ".join("?" * len(columns))
                insert = f"INSERT INTO {table.name} ({_names(columns)}) VALUES ({marks})"
                with driver.cursor(name=f"pull_{table.name}") as cursor:  # server-side: streamed
                    cursor.execute(f"SELECT {_names(columns)} FROM {table.name} ORDER BY 1")
                    n = 0
                    while batch := cursor.fetchmany(_BATCH):
                        target.executemany(insert, batch)
                        n += len(batch)
                counts.rows[table.name] = n
            target.execute("COMMIT")
        target.close()
        os.replace(partial, path)
    except BaseException:
        target.close()
        for leftover in partial.parent.glob(f"{partial.name}*"):
            leftover.unlink()
        raise
    finally:
        engine.dispose()
    return counts


def _check_initialised(conn: Connection, url: str) -> None:
    row = conn.exec_driver_sql("SELECT to_regclass('public.annotator_schema') IS NOT NULL").scalar_one()
    if not row:
        raise ProjectError("no annotator project in this database", path=redact(url), hint="run `annotator server init` first")
    version = conn.exec_driver_sql("SELECT version FROM annotator_schema").scalar_one()
    if version != project_schema.SCHEMA_VERSION:
        raise ProjectError(f"the server project has schema {version}; this annotator has {project_schema.SCHEMA_VERSION}",
                           path=redact(url), hint="use the same annotator version on both sides")


def _check_target(conn: Connection, url: str) -> None:
    _check_initialised(conn, url)
    if conn.exec_driver_sql("SELECT EXISTS (SELECT 1 FROM document)").scalar_one():
        raise ProjectError("the server project has documents already; push goes into a new project", path=redact(url),
                           hint="create an empty database and run `annotator server init` on it")


def _push_coders(conn: Connection, source: sqlite3.Connection) -> dict[int, int]:
    """file coder id -> server coder id, creating the coders the server lacks (matched by name)."""
    server = dict(conn.exec_driver_sql("SELECT name, id FROM coder").all())
    mapping = {}
    for file_id, name, created_at in source.execute("SELECT id, name, created_at FROM coder ORDER BY id"):
        if name not in server:
            server[name] = conn.exec_driver_sql("INSERT INTO coder (name, created_at) VALUES (?, ?) RETURNING id",
                                                (name, created_at)).scalar_one()
        mapping[file_id] = server[name]
    return mapping


def _adapted(table: Table, columns: Sequence[str], rows: Iterator[tuple[Any, ...]],
             coder_ids: dict[int, int]) -> Iterator[tuple[Any, ...]]:
    """Rows as the server takes them: coder ids mapped, SQLite's 0/1 as booleans."""
    flags = [i for i, c in enumerate(columns) if isinstance(table.columns[c].type, Boolean)]
    coder = columns.index(_CODER_COLUMN) if _CODER_COLUMN in columns else None
    if not flags and coder is None:
        yield from rows
        return
    for row in rows:
        values = list(row)
        for i in flags:
            values[i] = None if values[i] is None else bool(values[i])
        if coder is not None:
            values[coder] = coder_ids[values[coder]]
        yield tuple(values)


def _may_copy(conn: Connection) -> bool:
    return bool(conn.exec_driver_sql("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user").scalar_one())


def _copy_rows(conn: Connection, table: Table, columns: Sequence[str], rows: Iterator[tuple[Any, ...]]) -> int:
    n = 0
    with conn.connection.driver_connection.cursor() as cursor:
        with cursor.copy(f"COPY {table.name} ({_names(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                n += 1
    return n


def _insert_rows(conn: Connection, table: Table, columns: Sequence[str], rows: Iterator[tuple[Any, ...]]) -> int:
    """`INSERT … SELECT FROM unnest(one array per column)`: set-based, and subject to row security."""
    sql = unnest_insert(table.name, columns, dict(conn.exec_driver_sql(COLUMN_TYPES, (table.name,)).all()))
    n = 0
    while batch := list(islice(rows, _BATCH)):
        conn.exec_driver_sql(sql, tuple(list(column) for column in zip(*batch, strict=True)))
        n += len(batch)
    return n


def _advance_sequences(conn: Connection) -> None:
    """Ids were copied as they were: each id sequence continues after the highest one."""
    for table in project_tables():
        if "id" in table.columns and table.columns["id"].autoincrement in (True, "auto") and table.columns["id"].primary_key:
            conn.exec_driver_sql(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), COALESCE(MAX(id), 0) + 1, false)"
                f" FROM {table.name}")


def _names(columns: Sequence[str]) -> str:
    return ", ".join(f'"{c}"' for c in columns)
