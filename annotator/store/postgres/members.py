"""Setting up a server project and its members: `annotator server init` and `annotator server add-coder`.

Both run as the database's administrator (a superuser, or the database owner with CREATEROLE): the
tables belong to that role, and the app refuses to code as it (see `checked_member`).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from urllib.parse import quote

from sqlalchemy import Connection
from sqlmodel import Session, SQLModel

from annotator.core.codebook import Codebook
from annotator.core.errors import InputError, ProjectError
from annotator.store import codebooks
from annotator.store import schema as project_schema  # registers the project tables
from annotator.store.database import utc_now
from annotator.store.postgres import server_schema
from annotator.store.postgres.engine import redact, server_engine


@dataclass(frozen=True, slots=True)
class Member:
    role: str
    coder: str | None  # None: the administrator, who codes nothing
    is_pi: bool


@dataclass(frozen=True, slots=True)
class AddedMember:
    role: str
    coder: str
    url: str  # the connection line to send, without a password
    password: str | None  # None: the role existed already and keeps its password
    is_pi: bool


def init_server(url: str, codebook: Codebook) -> None:
    """Create the project's tables, row security and triggers in the empty database at `url`."""
    engine = server_engine(url)
    try:
        with engine.begin() as conn:
            _check_empty(conn, url)
            SQLModel.metadata.create_all(conn)
            binary_collation(conn)
            for statement in (*server_schema.SERVER_TABLES, *server_schema.FUNCTIONS):
                conn.exec_driver_sql(statement)
            conn.exec_driver_sql("INSERT INTO annotator_schema (application, version) VALUES (?, ?)",
                                 (server_schema.APPLICATION, project_schema.SCHEMA_VERSION))
            # The administrator's own sessions go through the policies too (FORCE): as a PI.
            conn.exec_driver_sql("INSERT INTO server_member (role, coder_id, is_pi, added_at)"
                                 " VALUES (current_user, NULL, true, ?)", (utc_now(),))
            for statement in (*server_schema.policies(), *server_schema.triggers()):
                conn.exec_driver_sql(statement)
            with Session(bind=conn) as tx:
                codebooks.install_codebook(tx, codebook)
                tx.flush()
    finally:
        engine.dispose()


def add_member(url: str, coder: str, *, role: str | None = None, is_pi: bool = False,
               password: str | None = None) -> AddedMember:
    """Give `coder` a login role (created with a new password unless it exists) and its privileges."""
    coder, role = coder.strip(), (role or coder).strip()
    if not coder or not role:
        raise InputError("a coder needs a name")
    engine = server_engine(url)
    try:
        with engine.begin() as conn:
            check_initialised(conn, url)
            new_password = _ensure_role(conn, role, password)
            database = conn.exec_driver_sql("SELECT current_database()").scalar_one()
            conn.exec_driver_sql(f"GRANT CONNECT ON DATABASE {ident(conn, database)} TO {ident(conn, role)}")
            for statement in server_schema.member_grants(ident(conn, role), is_pi=is_pi):
                conn.exec_driver_sql(statement)
            _map_member(conn, role, coder, is_pi)
    finally:
        engine.dispose()
    return AddedMember(role, coder, member_url(url, role), new_password, is_pi)


def list_members(url: str) -> list[Member]:
    engine = server_engine(url)
    try:
        with engine.connect() as conn:
            check_initialised(conn, url)
            rows = conn.exec_driver_sql("SELECT m.role, c.name, m.is_pi FROM server_member m"
                                        " LEFT JOIN coder c ON c.id = m.coder_id ORDER BY m.role").all()
    finally:
        engine.dispose()
    return [Member(role, coder, is_pi) for role, coder, is_pi in rows]


def member_url(url: str, role: str) -> str:
    """The same server and database as `url`, for login `role`, without any password."""
    scheme, rest = url.split("://", 1)
    authority, sep, tail = rest.partition("/")
    host = authority.rpartition("@")[2]
    return f"{scheme}://{quote(role, safe='')}@{host}{sep}{tail}"


def binary_collation(conn: Connection) -> None:
    """Text compares and sorts by code point, as in a project file (SQLite's BINARY; Python's `sorted`),
    whatever the database's locale: a list ordered by name is the same list on both engines."""
    columns = conn.exec_driver_sql(
        "SELECT table_name, column_name, data_type FROM information_schema.columns"
        " WHERE table_schema = 'public' AND data_type IN ('character varying', 'text')"
        " AND collation_name IS DISTINCT FROM 'C'").all()  # (server upgrade: only the new tables' columns)
    for table, column, data_type in columns:
        conn.exec_driver_sql(f'ALTER TABLE {ident(conn, table)} ALTER COLUMN {ident(conn, column)}'
                             f' TYPE {data_type} COLLATE "C"')


def _check_empty(conn: Connection, url: str) -> None:
    tables = [r[0] for r in conn.exec_driver_sql(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")]
    if "annotator_schema" in tables:
        raise ProjectError("this database holds an annotator project already", path=redact(url),
                           hint="add coders with `annotator server add-coder`")
    if tables:
        raise ProjectError(f"the database is not empty (tables: {', '.join(tables[:5])})", path=redact(url),
                           hint="create an empty database for the project (createdb), then run init")


def check_initialised(conn: Connection, url: str) -> None:
    found = conn.exec_driver_sql("SELECT to_regclass('public.annotator_schema') IS NOT NULL").scalar_one()
    if not found:
        raise ProjectError("no annotator project in this database", path=redact(url),
                           hint="run `annotator server init` first")


def _ensure_role(conn: Connection, role: str, password: str | None) -> str | None:
    row = conn.exec_driver_sql("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = ?", (role,)).first()
    if row is not None:
        if row[0]:
            raise InputError(f"role {role!r} is a superuser or bypasses row security; a coder cannot be one",
                             hint="give the coder a role of their own (--role)")
        if password is not None:
            conn.exec_driver_sql(f"ALTER ROLE {ident(conn, role)} PASSWORD {_literal(conn, password)}")
        return password
    password = password or secrets.token_urlsafe(18)
    conn.exec_driver_sql(f"CREATE ROLE {ident(conn, role)} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB"
                         f" NOCREATEROLE PASSWORD {_literal(conn, password)}")
    return password


def _map_member(conn: Connection, role: str, coder: str, is_pi: bool) -> None:
    conn.exec_driver_sql("INSERT INTO coder (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
                         (coder, utc_now()))
    coder_id = conn.exec_driver_sql("SELECT id FROM coder WHERE name = ?", (coder,)).scalar_one()
    taken = conn.exec_driver_sql("SELECT role FROM server_member WHERE coder_id = ? AND role <> ?",
                                 (coder_id, role)).first()
    if taken:
        raise InputError(f"coder {coder!r} has the login role {taken[0]!r} already")
    mapped = conn.exec_driver_sql("SELECT c.name FROM server_member m JOIN coder c ON c.id = m.coder_id"
                                  " WHERE m.role = ?", (role,)).first()
    if mapped and mapped[0] != coder:
        raise InputError(f"role {role!r} codes as {mapped[0]!r} already", hint="choose another --role")
    conn.exec_driver_sql(
        "INSERT INTO server_member (role, coder_id, is_pi, added_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (role) DO UPDATE SET coder_id = excluded.coder_id, is_pi = excluded.is_pi",
        (role, coder_id, is_pi, utc_now()))


def ident(conn: Connection, name: str) -> str:
    from psycopg import sql

    return sql.Identifier(name).as_string(conn.connection.driver_connection)


def _literal(conn: Connection, value: str) -> str:
    from psycopg import sql

    return sql.Literal(value).as_string(conn.connection.driver_connection)


def reveal_documents(url: str, doc_ids: list[str], *, reveal: bool = True) -> int:
    """Open documents (by public doc_id) for discussion: every member may then read everyone's work on
    them, read only; `reveal=False` closes them again. Run as a PI. Returns how many changed."""
    engine = server_engine(url)
    try:
        with engine.begin() as conn:
            check_initialised(conn, url)
            if not conn.exec_driver_sql("SELECT annotator_is_pi() OR rolsuper FROM pg_roles"
                                        " WHERE rolname = current_user").scalar_one():
                raise InputError("only a PI reveals documents", path=redact(url), hint="run it with the PI's login")
            ids = [r[0] for r in conn.exec_driver_sql(
                "SELECT id FROM document WHERE substr(content_hash, 1, 16) = ANY(?)", (list(doc_ids),))]
            if len(ids) < len(set(doc_ids)):
                raise InputError(f"{len(set(doc_ids)) - len(ids)} of the doc_ids are not in this project",
                                 hint="doc_ids are the 16 hex digits of `annotator export`'s doc_id")
            if reveal:
                sql = ("INSERT INTO revealed_document (document_id, revealed_at) SELECT unnest(CAST(? AS integer[])), ?"
                       " ON CONFLICT DO NOTHING")
                return conn.exec_driver_sql(sql, (ids, utc_now())).rowcount
            return conn.exec_driver_sql("DELETE FROM revealed_document WHERE document_id = ANY(?)", (ids,)).rowcount
    finally:
        engine.dispose()
