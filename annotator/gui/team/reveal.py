"""Team → "Reveal this document to every coder": a server project's PI ends blind coding for one
document, for discussion (every member may then read everyone's work on it, read only; row security
decides, see store/postgres/reveals.py). An undoable step like any other change; on a project file,
or for a coder's login, the action is not offered (greyed out)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from annotator.core.errors import AnnotatorError
from annotator.core.types import DocumentId
from annotator.gui.coding.commands import ProjectCommand
from annotator.gui.project import Project
from annotator.store import edits
from annotator.store.edits import Edit

REVEAL = "&Reveal this document to every coder"


class RevealDocument(ProjectCommand):
    def __init__(self, project: Project, document_id: DocumentId, revealed: bool, told: Callable[[str], None]) -> None:
        super().__init__(project, "Reveal document" if revealed else "Make document blind again")
        self.document_id, self.revealed, self.told = document_id, revealed, told

    def apply_edit(self) -> Edit:
        return edits.reveal_document(self.document_id, self.revealed)

    def revert_edit(self) -> Edit:
        return edits.reveal_document(self.document_id, not self.revealed)

    def applied(self) -> None:
        self._tell(self.revealed)

    def reverted(self) -> None:
        self._tell(not self.revealed)

    def _tell(self, revealed: bool) -> None:
        self.told("Revealed: every coder can now read everyone's work on this document (read only)." if revealed
                  else "Blind again: each coder sees only their own work on this document.")


def reveal_action(menu: QMenu, project: Project, document: Callable[[], DocumentId | None],
                  told: Callable[[str], None]) -> QAction:
    """The checkable menu row; its check mark is read from the server each time the menu opens."""
    menu.addSeparator()  # the windows above, a change of the project below
    action = menu.addAction(REVEAL)
    action.setCheckable(True)
    action.setEnabled(project.is_server_pi)
    action.setToolTip("Only a server project's PI can reveal a document: on a file, everyone's work is there.")

    def refresh() -> None:
        current = document()
        action.setEnabled(project.is_server_pi and current is not None)
        if action.isEnabled() and current is not None:
            try:
                action.setChecked(project.revealed(current))
            except AnnotatorError:  # the server cannot be reached now: nothing to tell, nothing to change
                action.setEnabled(False)

    def toggled(on: bool) -> None:
        current = document()
        if current is not None:
            project.push(RevealDocument(project, current, on, told))

    menu.aboutToShow.connect(refresh)
    action.triggered.connect(toggled)
    return action
