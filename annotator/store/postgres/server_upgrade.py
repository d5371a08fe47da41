"""`annotator server upgrade URL`: a server project set up by an older annotator brought to this one's schema.

A project file is migrated when it is opened (store/migrations.py: SQLite steps, a backup first). A
server project is shared by every coder's app, so it is upgraded on purpose, once, by its
administrator (the tables' owner); until then the app and the CLI refuse it with a sentence naming
this command. Everything runs in one transaction (PostgreSQL's DDL is transactional): all or nothing.

1. Tables this version has and the server lacks are created from the same SQLModel definitions as a
   file's (schema 2's model/suggestion/assisted, 3's assignment, 5's span_count); text columns get
   code-point collation as at init.
2. `SERVER_STEPS[n]` does what a file's step n does beyond a new table (a new column, data to fill),
   in SQL both engines' store reads the same.
3. The server's own rules are put on again for every table, new ones included: row security and its
   policies, the NOTIFY and guard triggers, and each member's grants (a new table a coder's login had
   no grant on would refuse her every save).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError
from sqlmodel import SQLModel

from annotator.core.errors import ProjectError
from annotator.store import schema as project_schema  # registers the project tables
from annotator.store.postgres import server_schema
from annotator.store.postgres.engine import redact, server_engine
from annotator.store.postgres.members import binary_collation, check_initialised, ident
from annotator.store.postgres.server_database import refusal_reason


def add_span_source_id(conn: Connection) -> None:
    """Schema 4: spans keep the id they arrived with when it was another span's (the guards that came
    with it on a file are the server's `span_guards` trigger, put on again below)."""
    conn.exec_driver_sql("ALTER TABLE span ADD COLUMN IF NOT EXISTS source_id varchar")


def fill_span_counts(conn: Connection) -> None:
    """Schema 5: each coder's span count per document (the table is new: counted from the spans)."""
    conn.exec_driver_sql("DELETE FROM span_count")
    conn.exec_driver_sql("INSERT INTO span_count (document_id, coder_id, spans)"
                         " SELECT document_id, coder_id, COUNT(*) FROM span GROUP BY document_id, coder_id")


SERVER_STEPS: dict[int, Callable[[Connection], None]] = {4: add_span_source_id, 5: fill_span_counts}
# The file's steps that only add tables (made by create_all above): no server step needed. A new step in
# store/migrations.py goes in one of the two (tests/server/test_upgrade.py checks that it does).
TABLES_ONLY = frozenset({2, 3})


@dataclass(frozen=True, slots=True)
class Upgrade:
    before: int
    after: int
    members: int  # member logins whose grants were given again


def upgrade_server(url: str) -> Upgrade:
    """Bring the server project at `url` to this version's schema (run as its administrator)."""
    engine = server_engine(url)
    try:
        with _in_words(url), engine.begin() as conn:
            check_initialised(conn, url)
            _check_owner(conn, url)
            # Others' sessions wait for the upgrade (and it for them) instead of writing half-way through.
            before = int(conn.exec_driver_sql("SELECT version FROM annotator_schema FOR UPDATE").scalar_one())
            after = project_schema.SCHEMA_VERSION
            if before > after:
                raise ProjectError(f"this server project has a newer schema ({before}) than this annotator knows "
                                   f"({after})", path=redact(url), hint="upgrade annotator instead")
            if before == after:
                return Upgrade(before, after, 0)
            SQLModel.metadata.create_all(conn)
            for version in range(before + 1, after + 1):
                step = SERVER_STEPS.get(version)
                if step is not None:
                    step(conn)
            binary_collation(conn)  # new tables' and new columns' text
            _server_rules_again(conn)
            members = _grants_again(conn)
            conn.exec_driver_sql("UPDATE annotator_schema SET version = ?", (after,))
    finally:
        engine.dispose()
    return Upgrade(before, after, members)


@contextmanager
def _in_words(url: str) -> Iterator[None]:
    """What the server refused, as a sentence: the transaction was rolled back."""
    try:
        yield
    except DBAPIError as exc:
        reason = refusal_reason(exc)
        raise ProjectError(f"the upgrade failed; nothing was changed: {reason}", path=redact(url),
                           hint="fix what the server says (or ask for help with it), then run the upgrade again"
                           ) from exc


def _check_owner(conn: Connection, url: str) -> None:
    owner = conn.exec_driver_sql(
        "SELECT pg_has_role(current_user, relowner, 'USAGE') FROM pg_class WHERE oid = 'public.span'::regclass"
    ).scalar_one()
    if not owner:
        raise ProjectError("only the project's administrator (the tables' owner) can upgrade it", path=redact(url),
                           hint="run it with the login that ran `annotator server init`")


def _server_rules_again(conn: Connection) -> None:
    """Policies, functions and triggers as `server init` makes them, on every table (old and new)."""
    for table, policy in conn.exec_driver_sql(
            "SELECT tablename, policyname FROM pg_policies WHERE schemaname = 'public'").all():
        conn.exec_driver_sql(f"DROP POLICY {ident(conn, policy)} ON {ident(conn, table)}")
    for table, trigger in conn.exec_driver_sql(
            "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
            " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND NOT t.tgisinternal"
            " AND t.tgname IN ('notify_change', 'span_guards', 'document_text_immutable')").all():
        conn.exec_driver_sql(f"DROP TRIGGER {ident(conn, trigger)} ON {ident(conn, table)}")
    for statement in server_schema.FUNCTIONS:
        conn.exec_driver_sql(statement.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1))
    for statement in (*server_schema.policies(), *server_schema.triggers()):
        conn.exec_driver_sql(statement)


def _grants_again(conn: Connection) -> int:
    """Each member's privileges, on the new tables too (the administrator owns them: none needed)."""
    rows = conn.exec_driver_sql(
        "SELECT m.role, m.is_pi FROM server_member m JOIN pg_roles r ON r.rolname = m.role"
        " WHERE NOT pg_has_role(r.oid, (SELECT relowner FROM pg_class WHERE oid = 'public.span'::regclass), 'USAGE')"
        " ORDER BY m.role").all()
    for role, is_pi in rows:
        for statement in server_schema.member_grants(ident(conn, role), is_pi=is_pi):
            conn.exec_driver_sql(statement)
    return len(rows)
