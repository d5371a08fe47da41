"""Starting the app: pick the project (given, last used, or the demo), the coder's name, the window."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path

# isort: off
# The window's Qt-free modules are imported before Qt: once PySide6 is in, its import hook reads the
# source of every module imported after it, looking for "PySide6" (shibokensupport's feature check,
# ~0.5 ms a module; ~50 of them on the way to the window: issue 14, cold start).
import annotator.core.selection
import annotator.io.export_names
import annotator.operations.projects
import annotator.operations.suggestions
import annotator.store.spans
import annotator.store.stats  # noqa: F401 (see above)
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox
# isort: on

from annotator.core.errors import AnnotatorError
from annotator.core.locations import is_server_url
from annotator.gui.about import data_folder
from annotator.gui.main_window import MainWindow
from annotator.gui.project import Project
from annotator.gui.server_login import password_for
from annotator.gui.settings import AppSettings

log = logging.getLogger(__name__)


def demo_folder() -> Path:
    return data_folder()


def choose_project(given: str | None, settings: AppSettings) -> Path | str:
    """The project to open: the one given, else the last one (if it still exists), else the demo."""
    if given:
        return given if is_server_url(given) else Path(given)
    last = settings.last_project
    if last and is_server_url(last):
        return last
    if last and Path(last).exists():
        return Path(last)
    # Imported on use: the demo import reads articles (trafilatura), needed only on a first start.
    from annotator.operations.demo import ensure_demo_project

    return ensure_demo_project(demo_folder())


def ask_coder_name(settings: AppSettings) -> str | None:
    """The coder's name from settings; on first start, ask once and remember it."""
    if settings.coder:
        return settings.coder
    name, ok = QInputDialog.getText(
        None, "Welcome to annotator", "Your name as a coder (your spans are saved under it; File menu changes it):")
    if not ok or not name.strip():
        return None
    settings.coder = name.strip()
    return settings.coder


def open_window(project_path: str | None, settings: AppSettings, coder: str | None = None) -> MainWindow | None:
    """Open the main window on a project; shows a dialog (and returns None) when that is impossible."""
    try:
        path = choose_project(project_path, settings)
        coder = coder or ask_coder_name(settings)
        if coder is None:
            return None
        create = project_path is not None and not is_server_url(project_path) and not Path(project_path).exists()
        password = password_for(None, str(path)) if is_server_url(path) else None
        project = Project.open(path, coder, create=create, password=password)
    except AnnotatorError as exc:
        QMessageBox.warning(None, "Cannot open the project", str(exc))
        return None
    settings.remember_project(project.location)
    window = MainWindow(project, settings)  # sized as last time, or to fit the screen
    window.show()
    return window


def _excepthook(kind: type[BaseException], error: BaseException, tb) -> None:  # noqa: ANN001
    """A bug must not take the coder's window down: log it and say so; saved work is already on disk."""
    log.error("unexpected error:\n%s", "".join(traceback.format_exception(kind, error, tb)))
    QMessageBox.critical(None, "Unexpected error", f"{error}\n\nEverything saved so far is safe. "
                         "If this repeats, please report it with the log.")


def run(project: str | None) -> int:
    """Entry point of `annotator` and `annotator PROJECT`; returns the exit code."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("annotator")
    app.setOrganizationName("annotator")
    sys.excepthook = _excepthook
    if open_window(project, AppSettings()) is None:
        return 1
    return app.exec()
