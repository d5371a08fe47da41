"""Test-wide set-up: Qt renders offscreen so GUI tests need no display (must run before Qt is imported)."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
DEMO_CORPUS = REPO / "resources" / "demo"


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    return tmp_path / "study.annotator"


@pytest.fixture
def db(project_path: Path):
    """A new project with the default codebook."""
    from annotator.operations.projects import open_project

    database = open_project(project_path)
    yield database
    database.close()


# A real PostgreSQL server for the team-server tests (started on first use; see tests/pg_cluster.py).
from tests.pg_cluster import pg_cluster, pg_database, pytest_terminal_summary  # noqa: E402, F401
