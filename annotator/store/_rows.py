"""Small helpers shared by the store modules: driver-level execution and JSON columns.

The store writes each statement once, with `?` placeholders, in SQL that SQLite and PostgreSQL both
accept (a server engine turns `?` into psycopg's `%s`: store/postgres/engine.py). The few places where
the two engines need different text or a different path ask `on_server(tx)` here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import count
from typing import Any

import orjson
from sqlalchemy import CursorResult
from sqlmodel import Session


def run(tx: Session, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> CursorResult[Any]:
    """One statement with positional `?` parameters, through the driver (no ORM overhead)."""
    return tx.connection().exec_driver_sql(sql, tuple(params) if not isinstance(params, dict) else params)


def run_many(tx: Session, sql: str, rows: Iterable[Sequence[Any]]) -> int:
    """`executemany` through the driver: the bulk path (ORM objects cost 10-90x, see MEASURED.md).
    Returns how many rows the statements changed (inserted, updated or deleted), summed."""
    rows = list(rows)
    if not rows:
        return 0
    return max(0, tx.connection().exec_driver_sql(sql, rows).rowcount)


def on_server(tx: Session) -> bool:
    """Whether `tx` is a session on a PostgreSQL server project (else a project file's)."""
    return tx.get_bind().dialect.name == "postgresql"


def stream(tx: Session, sql: str) -> Iterator[tuple[Any, ...]]:
    """Rows straight from a driver cursor in the session's transaction: SQLAlchemy's result rows cost
    ~1 µs more each, a second per million spans of an export. On a server, a server-side cursor: the
    rows come in batches and never sit in memory all at once."""
    driver = tx.connection().connection.driver_connection
    if not on_server(tx):
        return driver.execute(sql)  # type: ignore[union-attr]
    cursor = driver.cursor(name=f"annotator_stream_{next(_cursor_numbers)}")  # type: ignore[union-attr]
    cursor.itersize = 10_000
    cursor.execute(sql)
    return iter(cursor)


_cursor_numbers = count()


def like(tx: Session) -> str:
    """SQLite's LIKE ignores (ASCII) case; PostgreSQL's does not, its ILIKE does."""
    return "ILIKE" if on_server(tx) else "LIKE"


def dumps(value: Any) -> str:
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()


def loads(text: str | None) -> Any:
    return orjson.loads(text) if text else None
