"""Team work from the main window: hand out a copy of the project to a coder, merge coders' copies back,
and the Team menu's windows."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMessageBox, QWidget

from annotator.core.errors import AnnotatorError
from annotator.gui.file_actions import PROJECT_FILTER, show_error
from annotator.gui.project import Project

if TYPE_CHECKING:
    from annotator.gui.team.adjudication_window import AdjudicationWindow
    from annotator.gui.team.agreement_window import AgreementWindow
    from annotator.gui.team.coder_progress import CoderProgressDialog
    from annotator.operations.merge_report import (
        MergeReport,  # with the store's bulk records: not at start
    )

SOURCE_FILTER = "Coders' projects and canonical exports (*.annotator *.jsonl);;All files (*)"


def hand_out(parent: QWidget, project: Project, coder: str | None = None, out: Path | None = None) -> Path | None:
    """Write a copy of the project for one coder: documents, codebook, and only that coder's work."""
    if coder is None:
        coder, ok = QInputDialog.getText(parent, "Hand out", "Coder the copy is for:")
        if not ok or not coder.strip():
            return None
    if out is None:
        start = project.path.with_name(f"{project.path.stem}-{file_name_part(coder)}.annotator")
        chosen, _ = QFileDialog.getSaveFileName(parent, "Hand out to " + coder, str(start), PROJECT_FILTER)
        if not chosen:
            return None
        out = Path(chosen)
    try:
        from annotator.operations.merging import handout  # imported on use, not at start

        path = handout(project.path, coder.strip(), out)
    except AnnotatorError as exc:
        show_error(parent, "Hand-out failed", exc)
        return None
    QMessageBox.information(parent, "Hand-out written", f"Wrote {path} for {coder.strip()}.")
    return path


def file_name_part(name: str) -> str:
    """A coder's name as part of a file name: "Bob/laptop" or "a:b" hold characters no file name may."""
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "-", name.strip()).strip(". -") or "coder"


def merge_projects(parent: QWidget, project: Project, sources: list[Path] | None = None) -> MergeReport | None:
    """Merge coders' projects or exports into the open project (backed up first; one transaction)."""
    if sources is None:
        chosen, _ = QFileDialog.getOpenFileNames(parent, "Merge coders' projects", str(project.path.parent), SOURCE_FILTER)
        if not chosen:
            return None
        sources = [Path(p) for p in chosen]
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        from annotator.operations.merging import merge  # imported on use, not at start

        report = merge(project.path, sources)
    except AnnotatorError as exc:
        show_error(parent, "Merge failed; the project is unchanged", exc)
        return None
    finally:
        QApplication.restoreOverrideCursor()
    # The merge changed the file underneath the undo history: earlier steps no longer apply cleanly.
    project.undo_stack.clear()
    if not project.reload_codebook():  # a changed codebook is announced already
        project.codebook_changed.emit()  # which reopens the document with what the merge brought
    project.documents_changed.emit()
    show_merge_report(parent, report)
    return report


def show_merge_report(parent: QWidget, report: MergeReport) -> None:
    lines = [report.summary().capitalize() + ".",
             f"Backup of the project before the merge: {report.backup}"]
    lines += [f"Warning: {w}" for w in report.warnings[:20]]
    lines += [f"Conflict: {x}" for x in report.conflicts[:20]]
    box = QMessageBox.warning if report.conflicts else QMessageBox.information
    box(parent, "Merge finished" + (" with conflicts" if report.conflicts else ""), "\n".join(lines))


class TeamWindows(QObject):
    """The Team menu of a main window: coders' progress, Agreement and Adjudication, one of each."""

    open_passage = Signal(int, int, int)  # document id, start, end: a disagreement to show in the main window

    def __init__(self, parent: QWidget, project: Project) -> None:
        super().__init__(parent)
        self.parent_window, self.project = parent, project
        self.agreement: AgreementWindow | None = None
        self.adjudication: AdjudicationWindow | None = None
        self.progress: CoderProgressDialog | None = None

    def show_progress(self) -> None:
        from annotator.gui.team.coder_progress import CoderProgressDialog

        if self.progress is None:
            self.progress = CoderProgressDialog(self.project, self.parent_window)
        self.progress.refresh()
        self.progress.show()
        self.progress.raise_()

    def show_agreement(self) -> None:
        from annotator.gui.team.agreement_window import (
            open_agreement_window,  # the measures load only here
        )

        self.agreement = open_agreement_window(self.project, self.parent_window)
        self.agreement.open_passage.connect(self.open_passage)

    def show_adjudication(self) -> None:
        from annotator.gui.team.adjudication_window import open_adjudication_window

        self.adjudication = open_adjudication_window(self.project, self.parent_window)
