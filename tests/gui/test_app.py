"""Starting the app: the given project, else the last one, else the demo; the coder's name once."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from annotator.gui import app
from annotator.gui.main_window import MainWindow
from annotator.gui.settings import AppSettings


def _settings(tmp_path: Path, coder: str | None = "ann") -> AppSettings:
    settings = AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    if coder:
        settings.coder = coder
    return settings


def test_opens_the_given_project_and_remembers_it(qtbot, tmp_path: Path, project_path: Path) -> None:
    settings = _settings(tmp_path)
    window = app.open_window(str(project_path), settings)
    qtbot.addWidget(window)
    assert window.project.path == project_path and window.project.coder == "ann"
    assert window.coding.document_id is not None  # the first document not done is open
    area = window.screen().availableGeometry()  # the test screen is smaller than a laptop's
    assert area.contains(window.frameGeometry()) and window.height() < area.height()
    window.close()
    assert app.choose_project(None, settings) == project_path.resolve()


def test_first_start_opens_the_demo_and_asks_the_name_once(qtbot, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(app, "demo_folder", lambda: tmp_path / "data")
    asked: list[str] = []

    def answer(*_args: object, **_kwargs: object) -> tuple[str, bool]:
        asked.append("name")
        return "  Olga ", True

    monkeypatch.setattr(app.QInputDialog, "getText", answer)
    settings = _settings(tmp_path, coder=None)
    window = app.open_window(None, settings)
    qtbot.addWidget(window)
    assert window.project.path == tmp_path / "data" / "demo.annotator"
    assert window.project.coder == "Olga" and settings.coder == "Olga"
    assert window.documents.model.rowCount() >= 3
    window.close()
    again = app.open_window(None, settings)
    qtbot.addWidget(again)
    assert asked == ["name"]  # remembered
    again.close()


def test_a_file_that_is_not_a_project_is_a_dialog(qtbot, tmp_path: Path, monkeypatch) -> None:
    bogus = tmp_path / "notes.annotator"
    bogus.write_text("not a database")
    warnings: list[str] = []
    monkeypatch.setattr(app.QMessageBox, "warning", lambda _p, _t, text: warnings.append(text))
    assert app.open_window(str(bogus), _settings(tmp_path)) is None
    assert "not an annotator project" in warnings[0]
    assert not [w for w in MainWindow.open_windows if w.project.path == bogus]
