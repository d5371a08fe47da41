"""Connections to a server project: a libpq URL in, an SQLAlchemy engine that accepts the store's SQL out.

The URL is handed to libpq as it is (`postgresql://alice@/study?host=/run/postgresql`), so it means
what it means to `psql`: `PGPASSWORD`, `~/.pgpass` and service files work as usual. The store writes
its statements once with `?` placeholders (SQLite's style); this engine turns them into psycopg's
`%s` on the way to the driver.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from sqlalchemy import Engine, create_engine, event

from annotator.core.errors import ProjectError
from annotator.core.locations import is_server_url, redact  # noqa: F401 - the store's callers ask here too

# `?` outside quoted text and identifiers is a placeholder; psycopg reads every `%`, quoted or not.
_TOKENS = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|\?|%")


class ServerUnreachable(ProjectError):
    """No connection to the server could be made (it is down, or the network is): worth retrying."""


@lru_cache(maxsize=512)
def to_pyformat(sql: str) -> str:
    """`?` placeholders as psycopg's `%s`, and every literal `%` as `%%`."""
    return _TOKENS.sub(lambda m: {"?": "%s", "%": "%%"}.get(m.group(0)) or m.group(0).replace("%", "%%"), sql)


def server_engine(url: str, *, password: str | None = None, application: str = "annotator") -> Engine:
    """An engine on the server project at `url` (connections made lazily, checked on first use)."""
    import psycopg  # imported here: only server projects need the driver

    def connect() -> Any:
        extra: dict[str, Any] = {"application_name": application}
        if password is not None:
            extra["password"] = password
        try:
            return psycopg.connect(url, **extra)
        except psycopg.OperationalError as exc:
            # A server that answered says FATAL (wrong password, no such role or database): no retry helps.
            kind = ProjectError if "FATAL:" in str(exc) else ServerUnreachable
            raise kind(f"cannot connect to the server: {_first_line(exc)}", path=redact(url)) from exc

    engine = create_engine("postgresql+psycopg://", creator=connect, pool_size=4, max_overflow=8,
                           pool_pre_ping=True)

    @event.listens_for(engine, "before_cursor_execute", retval=True)
    def _placeholders(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        # Only the store's own text (exec_driver_sql); SQLAlchemy's compiled SQL is in psycopg's style already.
        if context is None or context.compiled is None:
            statement = to_pyformat(statement)
        return statement, parameters

    return engine


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
