"""Small helpers shared by the store modules: driver-level execution and JSON columns."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import orjson
from sqlalchemy import CursorResult
from sqlmodel import Session


def run(tx: Session, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> CursorResult[Any]:
    """One statement with positional `?` parameters, through the driver (no ORM overhead)."""
    return tx.connection().exec_driver_sql(sql, tuple(params) if not isinstance(params, dict) else params)


def run_many(tx: Session, sql: str, rows: Iterable[Sequence[Any]]) -> None:
    """`executemany` through the driver: the bulk path (ORM objects cost 10-90x, see MEASURED.md)."""
    rows = list(rows)
    if rows:
        tx.connection().exec_driver_sql(sql, rows)


def dumps(value: Any) -> str:
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()


def loads(text: str | None) -> Any:
    return orjson.loads(text) if text else None
