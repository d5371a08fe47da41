"""An open server project: the same `transaction()` / `read()` API as a project file's `Database`.

Store functions take the session either gives them and run the same SQL on both engines (the engine
turns `?` into psycopg's placeholders). Who is connected matters here as nowhere in a file: the
login is a member (a coder or a PI) and row security decides what its sessions see.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from annotator.core.errors import ProjectError
from annotator.store import schema as project_schema
from annotator.store.postgres.engine import redact, server_engine


@dataclass(frozen=True, slots=True)
class Login:
    """Who a server project's sessions run as."""

    role: str
    coder: str | None  # the member's coder; None for an administrator or a role that is no member
    is_pi: bool
    bypasses_row_security: bool  # a superuser or BYPASSRLS role: the policies do not apply to it
    owns_tables: bool  # the tables' owner could turn the policies off


class ServerDatabase:
    """A project on a PostgreSQL server. Use `transaction()` for writes and `read()` for reads."""

    is_server = True

    def __init__(self, url: str, engine: Engine, login: Login, password: str | None) -> None:
        self.url = url
        self.engine = engine
        self.login = login
        self.password = password

    @property
    def location(self) -> str:
        """The URL without its password: for titles, messages and recent-project lists."""
        return redact(self.url)

    @classmethod
    def open(cls, url: str, *, password: str | None = None, for_coding: bool = False) -> ServerDatabase:
        """Connect to the server project at `url`; ProjectError when that cannot be done.

        `for_coding`: the app's sessions, which must go through row security (not as a superuser,
        a BYPASSRLS role or the tables' owner), so that blind coding holds for what the app shows.
        """
        engine = server_engine(url, password=password)
        try:
            with engine.connect() as conn:
                _check_schema(conn, url)
                login = Login(*conn.exec_driver_sql(_LOGIN).one())
        except DBAPIError as exc:
            engine.dispose()
            if getattr(exc.orig, "sqlstate", None) == _INSUFFICIENT_PRIVILEGE:  # no grants: not a member
                raise ProjectError("this login is not a member of this project", path=redact(url),
                                   hint="the PI adds members with `annotator server add-coder`") from exc
            raise ProjectError(f"cannot open the server project: {str(exc.orig).strip()}", path=redact(url)) from exc
        except BaseException:
            engine.dispose()
            raise
        if for_coding and (login.bypasses_row_security or login.owns_tables or login.coder is None):
            engine.dispose()
            raise ProjectError(_refusal(login), path=redact(url),
                               hint="connect as the login `annotator server add-coder` gave you")
        return cls(url, engine, login, password)

    def schema_version(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.exec_driver_sql("SELECT version FROM annotator_schema").scalar_one())

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work, committed when the block ends (rolled back on an exception)."""
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    @contextmanager
    def read(self) -> Iterator[Session]:
        with Session(self.engine) as session:
            yield session
            session.rollback()

    def close(self) -> None:
        self.engine.dispose()


_INSUFFICIENT_PRIVILEGE = "42501"
_LOGIN = """
SELECT r.rolname, c.name, COALESCE(m.is_pi, false), r.rolsuper OR r.rolbypassrls,
       pg_has_role(r.oid, (SELECT relowner FROM pg_class WHERE oid = 'public.span'::regclass), 'USAGE')
FROM pg_roles r LEFT JOIN server_member m ON m.role = r.rolname LEFT JOIN coder c ON c.id = m.coder_id
WHERE r.rolname = current_user
"""


def _check_schema(conn, url: str) -> None:  # type: ignore[no-untyped-def]
    if not conn.exec_driver_sql("SELECT to_regclass('public.annotator_schema') IS NOT NULL").scalar_one():
        raise ProjectError("no annotator project in this database", path=redact(url),
                           hint="the PI creates it with `annotator server init`")
    version = int(conn.exec_driver_sql("SELECT version FROM annotator_schema").scalar_one())
    if version > project_schema.SCHEMA_VERSION:
        raise ProjectError(
            f"this server project was set up by a newer version of annotator (schema {version}; this version "
            f"reads up to {project_schema.SCHEMA_VERSION})", path=redact(url), hint="update annotator to open it")
    if version < project_schema.SCHEMA_VERSION:
        raise ProjectError(f"this server project has an older schema ({version}; this version needs "
                           f"{project_schema.SCHEMA_VERSION})", path=redact(url),
                           hint="open it with the annotator version that set it up")


def _refusal(login: Login) -> str:
    if login.bypasses_row_security:
        return f"{login.role} is a superuser or bypasses row security: the app does not code as such a role"
    if login.owns_tables:
        return f"{login.role} owns the project's tables and could lift row security: the app does not code as the owner"
    return f"{login.role}: this login is not a member of this project"
