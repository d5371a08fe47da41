"""kill -9 of an app during a save: every span it reported saved is on the server, and every span there is
whole (its row and the coder's 'in progress' status, written in the same transaction)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest

HERE = Path(__file__).resolve().parent
REPORTED_BEFORE_KILL = 30


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_killed_app_leaves_whole_spans_and_keeps_what_it_reported(server, tmp_path):
    with server.connect("maria") as pi:
        doc = pi.execute("INSERT INTO document (content_hash, length, meta, created_at, text) VALUES"
                         " ('h', 80, '{}', 'now', %s) RETURNING id", ("Engagement with Minsk. " * 4 + "x" * 8,)).fetchone()[0]
    child = subprocess.Popen([sys.executable, str(HERE / "save_until_killed.py"), server.url("alice"), str(doc),
                              str(tmp_path / "outbox")], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    reported = []
    try:
        while len(reported) < REPORTED_BEFORE_KILL:
            line = child.stdout.readline()
            if not line:
                pytest.fail(f"the app ended by itself: {child.stderr.read()[-2000:]}")
            reported.append(line.strip())
    finally:
        os.kill(child.pid, signal.SIGKILL)  # it is saving the next span meanwhile
        child.wait(timeout=30)
    reported += [line.strip() for line in child.stdout.read().splitlines() if line.strip()]
    with psycopg.connect(server.admin_url, autocommit=True) as admin:
        # The server notices the dead client and rolls its open transaction back; wait for that.
        for _ in range(500):
            if admin.execute("SELECT COUNT(*) FROM pg_stat_activity WHERE usename = 'alice'").fetchone() == (0,):
                break
            time.sleep(0.02)
        else:
            pytest.fail("the killed app's sessions did not end")
        stored = {r[0]: r[1] for r in admin.execute("SELECT uid, note FROM span")}
        status = admin.execute("SELECT a.status FROM annotation a JOIN coder c ON c.id = a.coder_id"
                               " WHERE c.name = 'alice'").fetchall()
    assert set(reported) <= set(stored)
    assert len(stored) - len(reported) <= 1  # at most the span in flight, committed before its id was printed
    assert all(note == "x" * 2000 for note in stored.values())
    assert status == [("in_progress",)]
