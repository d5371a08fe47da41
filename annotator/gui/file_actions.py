"""File menu work: new/open project dialogs, importing articles and exporting, with progress and
errors shown as dialogs (never a traceback)."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QWidget,
)

from annotator.core.errors import AnnotatorError, Cancelled
from annotator.gui.project import Project
from annotator.io.export_names import FOLDER_FORMAT_NAMES, SUFFIXES

log = logging.getLogger(__name__)
PROJECT_FILTER = "Annotator projects (*.annotator);;All files (*)"
ARTICLE_FILTER = "Articles and annotations (*.txt *.html *.htm *.csv *.tsv *.jsonl *.json);;All files (*)"


def show_error(parent: QWidget | None, title: str, error: BaseException | str) -> None:
    """An error as a dialog: what went wrong and, where the core says, what to do."""
    QMessageBox.warning(parent, title, str(error))


def ask_new_project(parent: QWidget) -> Path | None:
    path, _ = QFileDialog.getSaveFileName(parent, "New project", str(Path.home() / "stance.annotator"), PROJECT_FILTER)
    if not path:
        return None
    return Path(path) if path.endswith(".annotator") else Path(path + ".annotator")


def ask_open_project(parent: QWidget) -> Path | None:
    path, _ = QFileDialog.getOpenFileName(parent, "Open project", str(Path.home()), PROJECT_FILTER)
    return Path(path) if path else None


def import_articles(parent: QWidget, project: Project, paths: list[str] | None = None) -> bool:
    """Import article files (each all-or-nothing) with a cancellable progress dialog; a report at the end."""
    if paths is None:
        paths, _ = QFileDialog.getOpenFileNames(parent, "Import articles", str(Path.home()), ARTICLE_FILTER)
    if not paths:
        return False
    dialog = QProgressDialog("Importing…", "Cancel", 0, 100 * len(paths), parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    # Shown at once: the import holds the project's write lock while it keeps the window painting, so
    # the window must not take a label key or an undo meanwhile (that write would wait for the lock).
    dialog.setMinimumDuration(0)
    dialog.show()

    def progress(done: float, total: int, path: Path) -> None:  # done: files, a fraction within a large one
        dialog.setMaximum(100 * max(total, 1))
        dialog.setValue(round(100 * done))
        dialog.setLabelText(f"Importing {path.name}…" if path.name else "Finishing…")
        QApplication.processEvents()  # keeps the window painting and the Cancel button alive

    # Imported on use: reading articles loads trafilatura, which would slow every start of the app.
    from annotator.operations.importing import import_paths

    try:
        outcomes = import_paths(project.db, paths, progress=progress, cancelled=dialog.wasCanceled)
    except AnnotatorError as exc:
        dialog.close()
        show_error(parent, "Import failed", exc)
        return False
    cancelled = dialog.wasCanceled()  # asked before closing: QProgressDialog's close() counts as Cancel
    dialog.close()
    project.documents_changed.emit()
    lines = [f"{o.path.name}: {o.describe()}" for o in outcomes]
    if cancelled:
        lines.append("Cancelled: the files listed as imported above are in the project; the file being read "
                     "when you cancelled and the rest were not touched.")
    QMessageBox.information(parent, "Import finished", "\n".join(lines[:40]) or "Nothing was imported.")
    return any(o.ok for o in outcomes)


def export(parent: QWidget, project: Project, path: Path | None = None, fmt: str = "jsonl") -> Path | None:
    """Ask for a file and a format (unless given), then write the whole project there (atomically),
    with a progress dialog whose Cancel leaves no file behind."""
    if path is None:
        filters = {f"{name} (*{SUFFIXES[name]})": name for name in SUFFIXES if name not in FOLDER_FORMAT_NAMES}
        start = project.path.with_suffix(SUFFIXES["jsonl"])
        chosen_path, chosen = QFileDialog.getSaveFileName(parent, "Export", str(start), ";;".join(filters))
        if not chosen_path:
            return None
        path, fmt = Path(chosen_path), filters.get(chosen, "jsonl")
    dialog = QProgressDialog("Exporting…", "Cancel", 0, 0, parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)

    def progress(done: int, total: int) -> None:
        dialog.setMaximum(max(total, 1))
        dialog.setValue(done)
        QApplication.processEvents()  # keeps the window painting and the Cancel button alive

    try:
        from annotator.operations.exporting import (
            export_project,  # the writers load on use, not at start
        )

        result = export_project(project.db, Path(path), fmt=fmt, progress=progress, cancelled=dialog.wasCanceled)
    except Cancelled:
        show_status(parent, "Export cancelled: no file was written.")
        return None
    except (AnnotatorError, OSError) as exc:
        show_error(parent, "Export failed", exc)
        return None
    finally:
        dialog.close()
    QMessageBox.information(parent, "Export finished", f"Wrote {result.count:,} lines to {result.path}.")
    return result.path


def show_status(parent: QWidget | None, message: str) -> None:
    """A passing message in the window's status bar (nothing to answer)."""
    window = parent.window() if parent is not None else None
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(message, 8000)
