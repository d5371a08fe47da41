"""Fixtures for GUI tests: a small project with the default codebook and texts that test offsets."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.core.offsets import normalize_newlines
from annotator.core.types import NewDocument
from annotator.operations.projects import open_project
from annotator.store.documents import add_documents

CRLF_TEXT = "The EU must keep up pressure.\r\n\r\nTalks alone will not free the prisoners.\r\n"
TEXTS = [
    ("Emoji", "💩This is an annotation."),
    ("Firemen", "👨🏻‍🚒 firemen drive firetrucks"),
    ("CRLF", normalize_newlines(CRLF_TEXT)[0]),  # as import stores it
    ("Cyrillic", "Лукашенко\u00a0встретился с делегацией США.\n\nКая Каллас против диалога."),
    ("Plain", "Maximum pressure has not worked, one EU diplomat said. Isolation failed."),
]


def make_project(path: Path) -> Path:
    db = open_project(path, create=True)
    with db.transaction() as tx:
        add_documents(tx, [NewDocument(text, title=title, outlet="Test") for title, text in TEXTS])
    db.close()
    return path


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    return make_project(tmp_path / "test.annotator")


@pytest.fixture
def project(qtbot, project_path: Path) -> Iterator:
    from annotator.gui.project import Project

    opened = Project(open_project(project_path), "ann")
    yield opened
    opened.close()
