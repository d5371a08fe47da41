"""The README's administration: a non-superuser database owner runs init, and pg_dump backs the
project up (with row security on: the owner's dump sees every row through its PI membership)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import psycopg
import pytest

from annotator.cli import main
from tests.coded import code, new_project


def _pg_program(name: str) -> str:
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    program = str(found[-1]) if found else shutil.which(name)
    if program is None:
        pytest.skip(f"{name} is not installed")
    return program


def test_an_owner_without_superuser_runs_the_project_and_backs_it_up(pg_database, tmp_path, capsys):
    with psycopg.connect(pg_database.url, autocommit=True) as admin:
        admin.execute("CREATE ROLE lab_admin LOGIN CREATEROLE PASSWORD 'pw'")
        admin.execute(f'ALTER DATABASE "{pg_database.name}" OWNER TO lab_admin')
        admin.execute('ALTER SCHEMA public OWNER TO lab_admin')
    owner = pg_database.url_as("lab_admin", "pw")
    db, (doc,) = new_project(tmp_path / "study.annotator", [("A", "Engagement with Minsk is the question.")])
    code(db, doc, "alice", stance="ambivalent", spans=[(0, 10, "pro-engagement")])
    db.close()
    assert main(["server", "init", owner]) == 0
    assert main(["server", "add-coder", owner, "alice"]) == 0
    assert main(["server", "push", str(tmp_path / "study.annotator"), owner]) == 0  # unnest path: no COPY under RLS
    dump = tmp_path / "study.dump"
    subprocess.run([_pg_program("pg_dump"), "--enable-row-security", "-Fc", "-f", str(dump), owner], check=True)
    restored = pg_database.cluster.database_url(f"{pg_database.name}_restored", "lab_admin", "pw")
    with psycopg.connect(pg_database.url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{pg_database.name}_restored" OWNER lab_admin')
    try:
        subprocess.run([_pg_program("pg_restore"), "--no-owner", "-d", restored, str(dump)], check=True,
                       capture_output=True)
        with psycopg.connect(restored) as conn:
            assert conn.execute("SELECT COUNT(*) FROM span").fetchone() == (1,)
            assert conn.execute("SELECT relforcerowsecurity FROM pg_class WHERE relname = 'span'").fetchone() == (True,)
        copy = tmp_path / "restored.annotator"
        assert main(["server", "pull", restored, str(copy)]) == 0
        out = capsys.readouterr().out
        assert "1 span" in out and "1 annotation" in out
    finally:
        with psycopg.connect(pg_database.url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE "{pg_database.name}_restored"')
