"""Two coders' apps saving on the same document at the same time: no error, no deadlock, nothing lost,
and each app reads back only its own coder's spans."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import psycopg

from annotator.store import spans
from annotator.store.postgres.server_database import ServerDatabase

HERE = Path(__file__).resolve().parent
EACH = 60


def test_two_apps_edit_at_once(server, tmp_path):
    with server.connect("maria") as pi:
        doc = pi.execute("INSERT INTO document (content_hash, length, meta, created_at, text) VALUES"
                         " ('h', 80, '{}', 'now', %s) RETURNING id", ("Engagement with Minsk. " * 4 + "x" * 8,)).fetchone()[0]
    apps = {coder: subprocess.Popen(
        [sys.executable, str(HERE / "save_until_killed.py"), server.url(coder), str(doc),
         str(tmp_path / f"{coder}-outbox"), coder, str(EACH)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for coder in ("alice", "bob")}
    reported = {}
    for coder, app in apps.items():
        out, err = app.communicate(timeout=120)
        assert app.returncode == 0, err[-2000:]
        reported[coder] = out.split()
    assert all(len(uids) == EACH for uids in reported.values())  # every save reported saved, none queued
    for coder in ("alice", "bob"):
        db = ServerDatabase.open(server.url(coder), for_coding=True)
        with db.read() as tx:
            assert sorted(s.uid for s in spans.spans_for(tx, doc)) == sorted(reported[coder])
        db.close()
    with psycopg.connect(server.admin_url) as admin:
        assert admin.execute("SELECT COUNT(*) FROM span").fetchone() == (2 * EACH,)
