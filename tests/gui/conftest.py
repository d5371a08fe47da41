"""Fixtures for GUI tests: a small project with the default codebook and texts that test offsets."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

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


@pytest.fixture(autouse=True)
def timers_driven_by_the_test(monkeypatch) -> None:
    """No test waits for the Project's change-watch timer, and none is surprised by it: a test that
    wants the window to look for others' work calls `look_for_changes()` itself, as the timer would."""
    from annotator.gui.project import Project

    monkeypatch.setattr(Project, "watch_interval_ms", None)


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    return make_project(tmp_path / "test.annotator")


@pytest.fixture
def project(qtbot, project_path: Path) -> Iterator:
    from annotator.gui.project import Project

    opened = Project(open_project(project_path), "ann")
    yield opened
    opened.close()


@pytest.fixture
def settings(tmp_path: Path):
    from annotator.gui.settings import AppSettings

    settings = AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    settings.coder = "ann"
    return settings


@pytest.fixture
def window(qtbot, project_path: Path, settings) -> Iterator:
    """The main window on the test project, coder "ann", at a laptop's size."""
    from annotator.gui.main_window import MainWindow
    from annotator.gui.project import Project

    win = MainWindow(Project.open(project_path, "ann"), settings)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    yield win
    if win in MainWindow.open_windows:
        win.close()
