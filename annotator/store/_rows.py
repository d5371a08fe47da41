"""Small helpers shared by the store modules: running SQL in a transaction, and JSON columns.

The store's functions take the transaction they run in (`tx`) and send their SQL, with `?`
placeholders, straight to its DB-API driver: a project file's `Transaction` (stdlib sqlite3, see
database.py) or a server project's SQLAlchemy session (psycopg, see store/postgres, whose engine turns
`?` into psycopg's `%s`). A project file needs no ORM: importing SQLAlchemy and SQLModel took ~0.6 s
of every start of the app (issue 14), so they are imported only to create a project's tables and by
the server's modules. The store writes each statement once, in SQL both engines accept; the few places
where they need different text or a different path ask `on_server(tx)` here.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from itertools import count
from typing import TYPE_CHECKING, Any, cast, final

import orjson

if TYPE_CHECKING:
    from typing import TypeAlias

    from sqlmodel import Session as ServerSession


class Result:
    """The rows of one statement, with the part of SQLAlchemy's result API the store uses."""

    __slots__ = ("_cursor",)

    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self._cursor = cursor

    def __iter__(self) -> Iterator[Any]:
        return iter(self._cursor)

    def first(self) -> Any:
        return self._cursor.fetchone()

    def all(self) -> list[Any]:
        return self._cursor.fetchall()

    def scalar_one(self) -> Any:
        row = self._cursor.fetchone()
        if row is None:
            raise LookupError("the statement returned no row")
        return row[0]

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount


@final  # the store tells the two engines apart by `type(tx) is Transaction`
class Transaction:
    """One transaction on a connection to a project file (opened and ended by `Database`)."""

    __slots__ = ("conn",)

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn


# What the store's signatures call the transaction they are given: a project file's Transaction, or
# a server project's SQLAlchemy session. At run time the name is Transaction alone: the union needs the
# ORM imported, which a project file never does.
if TYPE_CHECKING:
    Session: TypeAlias = Transaction | ServerSession
else:
    Session = Transaction


def run(tx: Session, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Result:
    """One statement with positional `?` parameters, through the driver (no ORM overhead)."""
    if type(tx) is Transaction:
        return Result(tx.conn.execute(sql, params))
    # SQLAlchemy's result has every method of Result (which copies the part of its API the store uses).
    return cast(Result, tx.connection().exec_driver_sql(sql, tuple(params) if not isinstance(params, dict) else params))


def run_many(tx: Session, sql: str, rows: Iterable[Sequence[Any]]) -> int:
    """`executemany` through the driver: the bulk path (ORM objects cost 10-90x, see MEASURED.md).
    Returns how many rows the statements changed (inserted, updated or deleted), summed: both drivers
    add up executemany's rowcounts (SQLite's `total_changes` has no PostgreSQL twin)."""
    rows = list(rows)
    if not rows:
        return 0
    if type(tx) is Transaction:
        if len(rows) == 1:  # one row (a key's span): execute is ~3x cheaper than executemany
            return max(0, tx.conn.execute(sql, rows[0]).rowcount)
        return max(0, tx.conn.executemany(sql, rows).rowcount)
    return max(0, tx.connection().exec_driver_sql(sql, rows).rowcount)


def insert_set(tx: Session, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> int:
    """Insert `rows` (in `columns`' order) as new rows of a server project's `table`; returns how many.

    One `INSERT … SELECT FROM unnest(one array per column)`: set-based (issue 11), ~4x faster than a
    statement per row under row-level security (MEASURED.md) and, unlike COPY, open to a coder's role.
    (A project file takes executemany: SQLite has no arrays, and its statements are cheap.)"""
    if not rows:
        return 0
    if table not in _types_of:
        _types_of[table] = dict(run(tx, COLUMN_TYPES, (table,)).all())
    columns_of_rows = tuple(list(column) for column in zip(*rows, strict=True))
    run(tx, unnest_insert(table, columns, _types_of[table]), columns_of_rows)
    return len(rows)


# A server table's column types as SQL names (`integer`, `text`, `boolean`…), for the arrays' casts.
COLUMN_TYPES = ("SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute"
                " WHERE attrelid = CAST(? AS regclass) AND attnum > 0 AND NOT attisdropped")
_types_of: dict[str, dict[str, str]] = {}  # read once per process: the schema does not change under it


def unnest_insert(table: str, columns: Sequence[str], types: dict[str, str]) -> str:
    """The INSERT of one array per column (`?` each, in `columns`' order) as rows of `table`."""
    names = ", ".join(f'"{c}"' for c in columns)
    arrays = ", ".join(f"CAST(? AS {types[c]}[])" for c in columns)
    return f"INSERT INTO {table} ({names}) SELECT * FROM unnest({arrays})"


def on_server(tx: Session) -> bool:
    """Whether `tx` runs on a PostgreSQL server project (else on a project file)."""
    return type(tx) is not Transaction


def stream(tx: Session, sql: str) -> Iterator[tuple[Any, ...]]:
    """Rows straight from a driver cursor in the transaction: SQLAlchemy's result rows cost ~1 µs more
    each, a second per million spans of an export. On a server, a server-side cursor: the rows come in
    batches and never sit in memory all at once."""
    if not on_server(tx):
        return driver(tx).execute(sql)  # type: ignore[no-any-return]
    cursor = driver(tx).cursor(name=f"annotator_stream_{next(_cursor_numbers)}")
    cursor.itersize = 10_000
    cursor.execute(sql)
    return iter(cursor)


_cursor_numbers = count()


def like(tx: Session) -> str:
    """SQLite's LIKE ignores (ASCII) case; PostgreSQL's does not, its ILIKE does."""
    return "ILIKE" if on_server(tx) else "LIKE"


def driver(tx: Session) -> Any:
    """The DB-API connection the transaction runs on (for streaming cursors and change counts)."""
    if type(tx) is Transaction:
        return tx.conn
    return tx.connection().connection.driver_connection


def dumps(value: Any) -> str:
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()


def loads(text: str | None) -> Any:
    return orjson.loads(text) if text else None
