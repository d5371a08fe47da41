"""The store's tests run on both engines: a project file, and a server project opened as its PI.

Tests of what only a file has (pragmas, the file's bytes, SQLite's own connections) are marked
`file_only` and run on the file alone.
"""

from __future__ import annotations

import secrets

import pytest


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "engine_name" in metafunc.fixturenames:
        file_only = metafunc.definition.get_closest_marker("file_only") is not None
        metafunc.parametrize("engine_name", ["sqlite"] if file_only else ["sqlite", "postgresql"])


@pytest.fixture
def db(engine_name, project_path, request):
    """A new project with the default codebook, on the engine of this run."""
    if engine_name == "sqlite":
        from annotator.operations.projects import open_project

        database = open_project(project_path)
    else:
        from annotator.core.codebook import default_codebook_path, load_codebook
        from annotator.operations.projects import open_project
        from annotator.store.postgres.members import add_member, init_server

        pg = request.getfixturevalue("pg_database")
        init_server(pg.url, load_codebook(default_codebook_path()))
        password = secrets.token_hex(8)
        add_member(pg.url, "maria", is_pi=True, password=password)
        database = open_project(pg.url_as("maria", password), create=False)
    yield database
    database.close()


@pytest.fixture
def other_connection(engine_name, project_path, request):
    """Run one statement (`?` placeholders) on a plain connection of the driver's own, not the store's,
    and commit: sqlite3 on the file, psycopg as a superuser (past row security) on the server."""
    def execute(sql: str, params: tuple = ()) -> list[tuple]:
        if engine_name == "sqlite":
            import sqlite3

            with sqlite3.connect(project_path) as conn:
                return conn.execute(sql, params).fetchall()
        import psycopg

        with psycopg.connect(request.getfixturevalue("pg_database").url) as conn:
            cursor = conn.execute(sql.replace("?", "%s"), params)
            return cursor.fetchall() if cursor.description else []

    return execute
