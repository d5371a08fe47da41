"""An open server project: the same `transaction()` / `read()` API as a project file's `Database`.

Store functions take the session either gives them and run the same SQL on both engines (the engine
turns `?` into psycopg's placeholders). Who is connected matters here as nowhere in a file: the
login is a member (a coder or a PI) and row security decides what its sessions see.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import PurePosixPath

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from annotator.core.errors import ProjectError
from annotator.store import schema as project_schema
from annotator.store.postgres.engine import ServerUnreachable, redact, server_engine


@dataclass(frozen=True, slots=True)
class Login:
    """Who a server project's sessions run as."""

    role: str
    coder: str | None  # the member's coder; None for an administrator or a role that is no member
    is_pi: bool
    bypasses_row_security: bool  # a superuser or BYPASSRLS role: the policies do not apply to it
    owns_tables: bool  # the tables' owner could turn the policies off
    database: str


class ServerDatabase:
    """A project on a PostgreSQL server. Use `transaction()` for writes and `read()` for reads."""

    is_server = True

    def __init__(self, url: str, engine: Engine, login: Login, password: str | None) -> None:
        self.url = url
        self.engine = engine
        self.login = login
        self.password = password

    @property
    def path(self) -> PurePosixPath:
        """The database's name, where a project file's path is used for a name (window titles, default
        export names: exports/<name>.jsonl). Not a file: a PurePath cannot be opened by mistake."""
        return PurePosixPath(self.login.database)

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
        db = cls(url, engine, login, password)
        if for_coding:
            try:
                db.coding_login()
            except ProjectError:
                engine.dispose()
                raise
        return db

    def coding_login(self) -> str:
        """The coder this login codes as; ProjectError if the app must not code as it (a superuser, a
        BYPASSRLS role or the tables' owner, whom row security would not hold, or no member)."""
        login = self.login
        if login.bypasses_row_security or login.owns_tables or login.coder is None:
            raise ProjectError(_refusal(login), path=self.location,
                               hint="connect as the login `annotator server add-coder` gave you")
        return login.coder

    def schema_version(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.exec_driver_sql("SELECT version FROM annotator_schema").scalar_one())

    @contextmanager
    def transaction(self, activity: str | None = None) -> Iterator[Session]:
        """One unit of work, committed when the block ends (rolled back on an exception). What the
        server refuses, or a lost connection, comes out as one sentence (ProjectError, ServerUnreachable).
        `activity` names a long write for a project file's waiting writers (database.py); a server's
        writers do not wait on one lock, so it is not used here."""
        with _in_words(self.location), Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    @contextmanager
    def read(self) -> Iterator[Session]:
        with _in_words(self.location), Session(self.engine) as session:
            yield session
            session.rollback()

    def close(self) -> None:
        self.engine.dispose()


_INSUFFICIENT_PRIVILEGE = "42501"


def refusal_reason(exc: DBAPIError) -> str:
    """The first line of what the server said (libpq's words), or the error's name when it said nothing."""
    said = str(exc.orig).strip()
    return said.splitlines()[0] if said else type(exc.orig).__name__


@contextmanager
def _in_words(location: str) -> Iterator[None]:
    """The server's refusals and a lost connection as errors the CLI prints and the GUI shows."""
    import psycopg

    try:
        yield
    except DBAPIError as exc:
        reason = refusal_reason(exc)
        if exc.connection_invalidated or isinstance(exc.orig, psycopg.OperationalError):
            raise ServerUnreachable(f"lost the connection to the server: {reason}", path=location) from exc
        hint = None
        if getattr(exc.orig, "sqlstate", None) == _INSUFFICIENT_PRIVILEGE or "row-level security" in reason:
            hint = "a coder's login changes only that coder's work; the PI's login does the rest"
        raise ProjectError(f"the server refused: {reason}", path=location, hint=hint) from exc
_LOGIN = """
SELECT r.rolname, c.name, COALESCE(m.is_pi, false), r.rolsuper OR r.rolbypassrls,
       pg_has_role(r.oid, (SELECT relowner FROM pg_class WHERE oid = 'public.span'::regclass), 'USAGE'),
       current_database()
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
                           hint="its administrator upgrades it once with `annotator server upgrade URL`")


def _refusal(login: Login) -> str:
    if login.bypasses_row_security:
        return f"{login.role} is a superuser or bypasses row security: the app does not code as such a role"
    if login.owns_tables:
        return f"{login.role} owns the project's tables and could lift row security: the app does not code as the owner"
    return f"{login.role}: this login is not a member of this project"
