"""Help → About: which project is open, where it lives, and where the app keeps its data."""

from __future__ import annotations

from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtWidgets import QMessageBox, QWidget

from annotator import __version__
from annotator.gui.project import Project


def data_folder() -> Path:
    """Where the demo project is created on first start, and where a server project keeps the journal of
    changes that wait for the server (outbox/)."""
    from platformdirs import user_data_dir  # imported on use: ~10 ms of every start otherwise

    return Path(user_data_dir("annotator", appauthor=False))


def short_path(path: Path) -> str:
    """`path` with the home folder written as ~ (what a coder recognises in a title bar)."""
    try:
        return "~/" + str(Path(path).resolve().relative_to(Path.home().resolve()))
    except ValueError:
        return str(Path(path).resolve())


def about_html(project: Project) -> str:
    import html  # on use: not on the way to the first window

    rows = [("Project", str(project.path.resolve())), ("Coder", project.coder),
            ("Data folder", f"{data_folder()} (the demo project is made here)"),
            ("Version", f"annotator {__version__}, Qt for Python {pyside_version}")]
    cells = "".join(f"<tr><td><b>{html.escape(k)}</b></td><td>{html.escape(v)}</td></tr>" for k, v in rows)
    return ("<h3>annotator</h3><p>Stance annotation of news articles.</p>"
            f"<table cellpadding=3>{cells}</table>")


def show_about(parent: QWidget, project: Project) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.NoIcon, "About annotator", about_html(project), parent=parent)
    box.setTextInteractionFlags(box.textInteractionFlags())  # the path can be selected and copied
    box.open()
    return box
