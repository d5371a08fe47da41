"""Showing work done elsewhere (another window, the CLI, a merge) in a window, at a moment that suits
the coder: one job, so no window reaches through its panels to refresh them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication

from annotator.gui.project import Project


class ShowsStored(Protocol):
    def show_stored(self) -> None:
        """Show what the project holds now, keeping the coder's place (row, scroll, selection)."""


class RefreshController(QObject):
    """On `Project.changed_elsewhere`, has every view show what is stored, in order; while the coder is
    busy (`busy()`, e.g. typing in a cell) or a dialog is open, it waits for the next look."""

    def __init__(self, project: Project, views: Sequence[ShowsStored], busy: Callable[[], bool]) -> None:
        super().__init__(project)
        self.project, self.views, self.busy = project, list(views), busy
        project.changed_elsewhere.connect(self.refresh)

    def refresh(self) -> bool:
        """Show what is stored now, or postpone it; whether it was shown."""
        if self.busy() or QApplication.activeModalWidget() is not None:
            self.project.postpone_changes()
            return False
        self.project.reload_codebook()  # a changed codebook reopens the document, renamed labels and all
        for view in self.views:
            view.show_stored()
        return True
