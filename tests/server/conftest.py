"""A server project with two coders (alice, bob) and a PI (maria), on a fresh database per test."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import pytest

from tests.pg_cluster import PgDatabase


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
    from annotator.core.codebook import default_codebook_path, load_codebook
    from annotator.store.postgres.members import add_member, init_server

    init_server(pg_database.url, load_codebook(default_codebook_path()))
    passwords = {}
    for coder, is_pi in (("alice", False), ("bob", False), ("maria", True)):
        added = add_member(pg_database.url, coder, is_pi=is_pi, password=secrets.token_hex(8))
        passwords[added.role] = added.password
    return ServerProject(pg_database, pg_database.url, passwords)
