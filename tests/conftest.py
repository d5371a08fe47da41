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


@pytest.fixture(autouse=True)
def canonical_lines_follow_the_schema(monkeypatch):
    """Every canonical JSONL line any test exports is checked against the shipped JSON Schema."""
    import jsonschema
    import orjson

    from annotator.io import exporters
    from annotator.io.formats import canonical
    from annotator.operations import dataset

    schema = orjson.loads((REPO / "resources" / "annotator-jsonl.schema.json").read_bytes())
    validator = jsonschema.Draft202012Validator(schema)
    original = canonical.canonical_line

    def checked(record):
        line = original(record)
        validator.validate(orjson.loads(orjson.dumps(line)))
        for span in line["spans"]:
            assert line["text"][span["start"] : span["end"]] == span["text"]
        return line

    monkeypatch.setattr(exporters, "canonical_line", checked)
    monkeypatch.setattr(dataset, "canonical_line", checked)


# A real PostgreSQL server for the team-server tests (started on first use; see tests/pg_cluster.py).
from tests.pg_cluster import (  # noqa: E402, F401
    outage_cluster,
    outage_server,
    pg_cluster,
    pg_database,
    pytest_terminal_summary,
    server,
)
