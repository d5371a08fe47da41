"""Live updates: another member's commit is seen by the watch; a lost connection comes back as 'reload'."""

from __future__ import annotations

import psycopg

from annotator.store.postgres.watch import ServerChangeWatch


def _add_document(server, n: int) -> None:
    with server.connect("maria") as pi:
        pi.execute("INSERT INTO document (content_hash, length, meta, created_at, text) VALUES (%s, 4, '{}', 'now', 'text')",
                   (f"h{n}",))


def test_a_commit_elsewhere_is_seen_once(server):
    watch = ServerChangeWatch(server.url("alice"))
    try:
        assert watch.online and not watch.changed()
        _add_document(server, 1)
        assert _changed_soon(watch)
        assert not watch.changed()
        with server.connect("alice") as alice:  # a transaction that changes nothing says nothing
            alice.execute("UPDATE span SET note = 'x' WHERE false")
            alice.rollback()
        assert not _changed_soon(watch, tries=3)
    finally:
        watch.close()
    assert not watch.changed()


def test_a_lost_connection_is_retried_and_then_means_reload(server):
    watch = ServerChangeWatch(server.url("alice"))
    try:
        with psycopg.connect(server.admin_url, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                          " WHERE application_name = 'annotator change watch'")
        _add_document(server, 2)  # not heard: the watch's connection is gone
        assert _offline_soon(watch)
        assert watch.changed() and watch.online  # back: whatever happened meanwhile, reload
        assert not watch.changed()
    finally:
        watch.close()


def _changed_soon(watch: ServerChangeWatch, tries: int = 50) -> bool:
    """A NOTIFY reaches the listener a moment after the commit: poll as the GUI's timer would."""
    import time

    for _ in range(tries):
        if watch.changed():
            return True
        time.sleep(0.02)
    return False


def _offline_soon(watch: ServerChangeWatch) -> bool:
    """The terminated backend goes away a moment after pg_terminate_backend returns."""
    import time

    for _ in range(100):
        if not watch.changed() and not watch.online:
            return True
        time.sleep(0.02)
    return False
