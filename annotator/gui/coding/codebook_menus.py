"""Span → Label as … and Document → Stance: the codebook's labels and stance options as menu entries
with their keys, refilled when the codebook changes."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from annotator.gui.coding.annotation_panel import AnnotationPanel
from annotator.gui.coding.controller import CodingController
from annotator.gui.project import Project


def stance_keys(project: Project) -> list[tuple[str, str | None]]:
    """(key, stance option) for the document stance: Ctrl+1… in the codebook's order, Ctrl+0 clears it."""
    options = [x.name for x in project.codebook.stance_options][:9]
    return [(f"Ctrl+{n}", name) for n, name in enumerate(options, start=1)] + [("Ctrl+0", None)]


class CodebookMenus(QObject):
    def __init__(self, project: Project, coding: CodingController, annotation: AnnotationPanel,
                 label_menu: QMenu, stance_menu: QMenu) -> None:
        super().__init__(project)
        self.project, self.coding, self.annotation = project, coding, annotation
        self.label_menu, self.stance_menu = label_menu, stance_menu
        project.codebook_changed.connect(self.fill)
        self.fill()

    def fill(self) -> None:
        self.label_menu.clear()
        for label in self.project.codebook.span_labels:
            # The key after a tab is shown, not bound: the reader takes label keys only while it has the focus.
            action = self.label_menu.addAction(f"{label.name}\t{label.key or ''}")
            action.triggered.connect(lambda _c=False, key=label.key: key and self.coding.label_selection(key))
        self.stance_menu.clear()
        for key, name in stance_keys(self.project):
            action = QAction(name or "Not set", self.stance_menu)
            action.setShortcut(QKeySequence(key))
            action.triggered.connect(lambda _c=False, n=name: self.annotation.set_stance(n))
            self.stance_menu.addAction(action)
