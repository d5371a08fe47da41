"""Live updates from a server project: LISTEN on one connection of its own, drained by the caller's timer.

The server's statement-level triggers NOTIFY `annotator` with a table name after every committed
change (one per table and transaction; no content: a NOTIFY passes by row security). The watch
answers the same question as the file's `PRAGMA data_version` watch: did anyone commit since I last
asked? A lost connection is retried on each call; once it is back the answer is yes, since what
happened meanwhile was not heard (the caller reloads).
"""

from __future__ import annotations

import logging
import time
from typing import Any

from annotator.store.postgres.server_schema import CHANNEL

log = logging.getLogger(__name__)
CONNECT_TIMEOUT_S = 2  # a retry must not freeze the window that drains the watch for long
RECONNECT_EVERY_S = 1.0  # the window asks several times a second; a lost server is tried again this often


class ServerChangeWatch:
    """`changed()` and `close()`, like the file's ChangeWatch; `online` tells whether the server answers."""

    def __init__(self, url: str, password: str | None = None) -> None:
        self._url, self._password = url, password
        self._conn: Any = None
        self._closed = False
        self._next_try = 0.0
        self._connect()

    @property
    def online(self) -> bool:
        return self._conn is not None

    def changed(self) -> bool:
        """Whether a commit happened since the last call (or the connection came back after a loss)."""
        if self._closed:
            return False
        if self._conn is None:
            return time.monotonic() >= self._next_try and self._connect()
        import psycopg

        try:
            return any(True for _ in self._conn.notifies(timeout=0.0))
        except psycopg.Error as exc:
            log.warning("lost the server's change notifications: %s", exc)
            self._drop()
            return False

    def close(self) -> None:
        self._closed = True
        self._drop()

    def _connect(self) -> bool:
        import psycopg

        extra: dict[str, Any] = {"autocommit": True, "connect_timeout": CONNECT_TIMEOUT_S,
                                 "application_name": "annotator change watch"}
        if self._password is not None:
            extra["password"] = self._password
        try:
            self._conn = psycopg.connect(self._url, **extra)
            self._conn.execute(f"LISTEN {CHANNEL}")
        except psycopg.Error as exc:
            log.info("server not reachable for change notifications: %s", exc)
            self._drop()
            self._next_try = time.monotonic() + RECONNECT_EVERY_S
            return False
        return True

    def _drop(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except Exception:  # noqa: BLE001 - a connection that is gone may fail to close; it is gone either way
                pass
            self._conn = None
