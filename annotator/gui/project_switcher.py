"""File → New, Open, Open recent and Change coder name: each opens a project in a new main window that
replaces the current one (the coder's name comes from the settings)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QDialog, QInputDialog, QMainWindow, QMenu

from annotator.core.errors import AnnotatorError
from annotator.core.locations import is_server_url
from annotator.gui import file_actions
from annotator.gui.project import Project
from annotator.gui.server_login import ServerProjectDialog, keep_password, password_for
from annotator.gui.settings import AppSettings

WindowMaker = Callable[[Project, AppSettings], QMainWindow]


class ProjectSwitcher:
    """The File menu's project commands of one main window; `make_window` builds the replacement."""

    def __init__(self, window: QMainWindow, project: Project, settings: AppSettings, make_window: WindowMaker) -> None:
        self.window, self.project, self.settings, self.make_window = window, project, settings, make_window

    def new_project(self) -> None:
        path = file_actions.ask_new_project(self.window)
        if path is not None:
            self.switch_project(path, create=True)

    def open_project(self) -> None:
        path = file_actions.ask_open_project(self.window)
        if path is not None:
            self.switch_project(path)

    def change_coder(self) -> None:
        name, ok = QInputDialog.getText(self.window, "Coder name", "Your name as a coder (spans are saved under it):",
                                        text=self.project.coder)
        if ok and name.strip() and name.strip() != self.project.coder:
            self.settings.coder = name.strip()
            self.switch_project(self.project.path)

    def fill_recent(self, menu: QMenu) -> None:
        menu.clear()
        for path in self.settings.recent_projects():
            menu.addAction(path).triggered.connect(lambda _c=False, p=path: self.switch_project(p))

    def open_server_project(self) -> None:
        dialog = ServerProjectDialog(self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        url, password = dialog.url(), dialog.password()
        if self.switch_project(url, password=password) is not None and password and dialog.keep_box.isChecked():
            if not keep_password(url, password):
                file_actions.show_status(self.window, "No system keyring here: the password will be asked next time")

    def switch_project(self, path: Path | str, *, create: bool = False, password: str | None = None) -> QMainWindow | None:
        """Open `path` in a new window that replaces this one; None (and a dialog) if it cannot be opened.
        A server project's password, when not given, comes from the keyring or is asked."""
        if is_server_url(path) and password is None:
            password = password_for(self.window, str(path))
        try:
            project = Project.open(path, self.settings.coder or self.project.coder, create=create, password=password)
        except AnnotatorError as exc:
            file_actions.show_error(self.window, "Cannot open the project", exc)
            return None
        self.settings.remember_project(project.location)
        replacement = self.make_window(project, self.settings)
        replacement.show()
        self.window.close()
        return replacement
