"""A real PostgreSQL server for the tests: one throwaway cluster per session, a fresh database per test.

The cluster is started on first use by `scripts/pg-throwaway.sh` (initdb + pg_ctl in a temporary
folder, Unix socket, fsync off) and stopped when the session ends. `ANNOTATOR_TEST_PG_URL` (a
superuser's URL) points the tests at a server of your own instead. Where no server can be started,
the PostgreSQL tests are skipped and the run says so loudly at its end; with `ANNOTATOR_REQUIRE_PG=1`
(set by `.ci/run`) they fail instead, so CI cannot pass without them.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "scripts" / "pg-throwaway.sh"
UNAVAILABLE: list[str] = []  # why the PostgreSQL half did not run, for the end-of-run notice


@dataclass(frozen=True)
class Cluster:
    url: str  # a superuser's URL, database `postgres`
    folder: Path | None  # None: a server of the developer's own

    def database_url(self, database: str, user: str | None = None, password: str | None = None) -> str:
        """The URL of another database on this server (as another user, with or without a password)."""
        import psycopg.conninfo

        params = psycopg.conninfo.conninfo_to_dict(self.url)
        params["dbname"] = database
        if user is not None:
            params["user"] = user
            params.pop("password", None)
        if password is not None:
            params["password"] = password
        return _to_url(params)


def _to_url(params: dict) -> str:
    from urllib.parse import quote, urlencode

    user = quote(str(params.pop("user", "")), safe="")
    password = params.pop("password", None)
    userinfo = f"{user}:{quote(str(password), safe='')}@" if password else f"{user}@"
    database = quote(str(params.pop("dbname", "")), safe="")
    query = urlencode({k: str(v) for k, v in params.items()})
    return f"postgresql://{userinfo}/{database}" + (f"?{query}" if query else "")


def _unavailable(reason: str) -> None:
    UNAVAILABLE.append(reason)
    if os.environ.get("ANNOTATOR_REQUIRE_PG"):
        pytest.fail(f"PostgreSQL is required here (ANNOTATOR_REQUIRE_PG) but {reason}", pytrace=False)
    pytest.skip(f"NO POSTGRESQL SERVER: {reason}")


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    if UNAVAILABLE:
        _unavailable(UNAVAILABLE[0])
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _unavailable("the psycopg driver is not installed")
    if os.environ.get("ANNOTATOR_TEST_PG_URL"):
        yield Cluster(os.environ["ANNOTATOR_TEST_PG_URL"], None)
        return
    folder = Path(tempfile.mkdtemp(prefix="annotator-pg-"))
    started = subprocess.run(["sh", str(SCRIPT), "start", str(folder)], capture_output=True, text=True)
    if started.returncode != 0:
        subprocess.run(["sh", str(SCRIPT), "stop", str(folder)], capture_output=True)
        _unavailable(f"scripts/pg-throwaway.sh could not start one: {started.stderr.strip()[-500:]}")
    stop_when_this_process_ends(folder)
    try:
        yield Cluster(started.stdout.strip().splitlines()[-1], folder)
    finally:
        subprocess.run(["sh", str(SCRIPT), "stop", str(folder)], capture_output=True)


def stop_when_this_process_ends(folder: Path) -> None:
    """A watchdog that stops the cluster once this test process is gone, however it ended (a timeout's
    SIGTERM or a kill skips the fixture's own stop); after a normal stop it finds nothing left to do."""
    watch = f"while kill -0 {os.getpid()} 2>/dev/null; do sleep 2; done; sh '{SCRIPT}' stop '{folder}'"
    subprocess.Popen(["sh", "-c", watch], start_new_session=True, stdin=subprocess.DEVNULL,
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@dataclass(frozen=True)
class PgDatabase:
    """An empty database of its own for one test; `url` is a superuser's."""

    cluster: Cluster
    name: str
    url: str

    def url_as(self, user: str, password: str | None = None) -> str:
        return self.cluster.database_url(self.name, user, password)


@pytest.fixture
def pg_database(pg_cluster: Cluster) -> Iterator[PgDatabase]:
    """A fresh, empty database; dropped afterwards with every role the test created (roles are
    cluster-wide, and a coder's role name is the coder's name)."""
    yield from _fresh_database(pg_cluster)


def _fresh_database(cluster: Cluster) -> Iterator[PgDatabase]:
    import psycopg

    name = f"test_{secrets.token_hex(6)}"
    with psycopg.connect(cluster.url, autocommit=True) as admin:
        roles_before = _roles(admin)
        admin.execute(f'CREATE DATABASE "{name}" STRATEGY FILE_COPY')  # small: a file copy is quickest
    try:
        yield PgDatabase(cluster, name, cluster.database_url(name))
    finally:
        with psycopg.connect(cluster.url, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            for role in sorted(_roles(admin) - roles_before):
                admin.execute(f'DROP ROLE "{role}"')


def _roles(conn) -> set[str]:  # type: ignore[no-untyped-def]
    return {r[0] for r in conn.execute("SELECT rolname FROM pg_roles")}


@dataclass(frozen=True)
class ServerProject:
    database: PgDatabase
    admin_url: str  # the administrator who ran `server init` (a superuser here)
    passwords: dict[str, str]  # role -> password

    def url(self, role: str) -> str:
        """The URL a member connects with (password included, as a test may)."""
        return self.database.url_as(role, self.passwords[role])

    def connect(self, role: str):  # type: ignore[no-untyped-def]
        import psycopg

        return psycopg.connect(self.url(role))


@pytest.fixture
def server(pg_database: PgDatabase) -> ServerProject:
    return _server_project(pg_database)


def _server_project(database: PgDatabase) -> ServerProject:
    from annotator.core.codebook import default_codebook_path, load_codebook
    from annotator.store.postgres.members import add_member, init_server

    init_server(database.url, load_codebook(default_codebook_path()))
    passwords = {}
    for coder, is_pi in (("alice", False), ("bob", False), ("maria", True)):
        added = add_member(database.url, coder, is_pi=is_pi, password=secrets.token_hex(8))
        passwords[added.role] = added.password
    return ServerProject(database, database.url, passwords)


class OutageCluster(Cluster):
    """A second cluster that tests stop and start again (an outage), so the shared one stays up."""

    def stop_server(self) -> None:
        subprocess.run(["sh", str(SCRIPT), "pause", str(self.folder)], check=True, capture_output=True)

    def start_server(self) -> None:
        if not self.running():
            subprocess.run(["sh", str(SCRIPT), "resume", str(self.folder)], check=True, capture_output=True)

    def running(self) -> bool:
        import psycopg

        try:
            psycopg.connect(self.url, connect_timeout=5).close()
        except psycopg.OperationalError:
            return False
        return True


@pytest.fixture(scope="session")
def outage_cluster(pg_cluster: Cluster) -> Iterator[OutageCluster]:
    """Skipped (or failed) the same way as pg_cluster when there is no server; a server of your own
    (ANNOTATOR_TEST_PG_URL) is not stopped by the tests: they are skipped."""
    if pg_cluster.folder is None:
        pytest.skip("outage tests stop their server: they need the throwaway cluster, not ANNOTATOR_TEST_PG_URL")
    folder = Path(tempfile.mkdtemp(prefix="annotator-pg-outage-"))
    started = subprocess.run(["sh", str(SCRIPT), "start", str(folder)], capture_output=True, text=True)
    if started.returncode != 0:
        subprocess.run(["sh", str(SCRIPT), "stop", str(folder)], capture_output=True)
        _unavailable(f"a second cluster could not start: {started.stderr.strip()[-500:]}")
    stop_when_this_process_ends(folder)
    try:
        yield OutageCluster(started.stdout.strip().splitlines()[-1], folder)
    finally:
        subprocess.run(["sh", str(SCRIPT), "stop", str(folder)], capture_output=True)


@pytest.fixture
def outage_server(outage_cluster: OutageCluster) -> Iterator[ServerProject]:
    """`server` (alice, bob, maria) on the cluster tests may stop; started again after the test."""
    for database in _fresh_database(outage_cluster):
        try:
            yield _server_project(database)
        finally:
            outage_cluster.start_server()  # running, whatever the test left, before its database is dropped


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # type: ignore[no-untyped-def]
    if UNAVAILABLE:
        terminalreporter.section("PostgreSQL", sep="!", red=True, bold=True)
        terminalreporter.write_line(f"THE POSTGRESQL TESTS DID NOT RUN: {UNAVAILABLE[0]}", red=True, bold=True)
        terminalreporter.write_line("Install PostgreSQL (scripts/ensure-postgres.sh) or set ANNOTATOR_TEST_PG_URL.")
