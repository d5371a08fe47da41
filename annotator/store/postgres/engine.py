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

from annotator.core.errors import ProjectError, ServerUnreachable  # noqa: F401 - the store's callers ask here too
from annotator.core.locations import is_server_url, redact  # noqa: F401 - the store's callers ask here too

CONNECT_TIMEOUT_S = 3  # libpq's connect_timeout (2 s is the least it takes)

# `?` outside quoted text and identifiers is a placeholder; psycopg reads every `%`, quoted or not.
_TOKENS = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|\?|%")


@lru_cache(maxsize=512)
def to_pyformat(sql: str) -> str:
    """`?` placeholders as psycopg's `%s`, and every literal `%` as `%%`."""
    return _TOKENS.sub(lambda m: {"?": "%s", "%": "%%"}.get(m.group(0)) or m.group(0).replace("%", "%%"), sql)


def server_engine(url: str, *, password: str | None = None, application: str = "annotator") -> Engine:
    """An engine on the server project at `url` (connections made lazily, checked on first use)."""
    import psycopg  # imported here: only server projects need the driver
    import psycopg.conninfo

    given = psycopg.conninfo.conninfo_to_dict(url)
    # A server that went away must not freeze the app's window for minutes: give up a connection
    # attempt after a few seconds, and a connection whose packets go unanswered after ten (TCP only).
    defaults = {"connect_timeout": CONNECT_TIMEOUT_S, "tcp_user_timeout": 10_000}
    extra: dict[str, Any] = {k: v for k, v in defaults.items() if k not in given}
    extra["application_name"] = application
    if password is not None:
        extra["password"] = password

    def connect() -> Any:
        try:
            return psycopg.connect(url, **extra)
        except psycopg.OperationalError as exc:
            raise connect_error(exc, url) from exc

    engine = create_engine("postgresql+psycopg://", creator=connect, pool_size=4, max_overflow=8,
                           pool_pre_ping=True)

    @event.listens_for(engine, "before_cursor_execute", retval=True)
    def _placeholders(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        # Only the store's own text (exec_driver_sql); SQLAlchemy's compiled SQL is in psycopg's style already.
        if context is None or context.compiled is None:
            statement = to_pyformat(statement)
        return statement, parameters

    return engine


def connect_error(exc: Exception, url: str) -> ProjectError:
    """A failed connection in words: ServerUnreachable when a retry may help (no answer, or a server
    starting up or shutting down), else ProjectError (wrong password, no such role or database)."""
    text = str(exc)
    answered = "FATAL:" in text and not any(word in text for word in _NOT_NOW)
    kind = ProjectError if answered else ServerUnreachable
    return kind(f"cannot connect to the server: {_first_line(exc)}", path=redact(url))


# What a server says while it cannot take connections for a moment (SQLSTATE 57P03, 53300).
_NOT_NOW = ("starting up", "shutting down", "in recovery mode", "too many clients", "not yet accepting")


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
