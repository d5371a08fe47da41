"""Model menu: suggestions on and off, stepping through them, deciding, and training or evaluating the
model in a worker thread (with progress and cancel; the window stays usable meanwhile).

Hooked into the main window by `install_model_menu(window)`: it adds the menu before Help, the
Suggestions tab beside Spans, and the keys ] and [ .
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QProgressDialog,
    QVBoxLayout,
)

from annotator.core.errors import AnnotatorError, Cancelled
from annotator.gui.coding.suggestion_panel import SuggestionPanel
from annotator.gui.coding.suggestions import SuggestionController
from annotator.store import suggestions as stored

log = logging.getLogger(__name__)
Work = Callable[[Callable[[str], None], Callable[[], bool]], Any]  # (progress, cancelled) -> result


class ModelWorker(QThread):
    """Runs training or evaluation off the GUI thread; it opens its own connection to the project."""

    progress = Signal(str)
    succeeded = Signal(object)
    failed = Signal(str)

    def __init__(self, work: Work, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.work = work

    def run(self) -> None:
        try:
            self.succeeded.emit(self.work(self.progress.emit, self.isInterruptionRequested))
        except Cancelled as exc:
            self.failed.emit(str(exc))
        except AnnotatorError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # noqa: BLE001 - a worker must report, never die silently
            log.exception("model work failed")
            self.failed.emit(f"The model work failed: {exc}")


class ModelMenu(QObject):
    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.project = window.project  # type: ignore[attr-defined]
        self.controller = SuggestionController(self.project, window.coding, window.reader)  # type: ignore[attr-defined]
        self.panel = SuggestionPanel(self.controller)
        window.side_tabs.addTab(self.panel, "Suggestions")  # type: ignore[attr-defined]
        self.worker: ModelWorker | None = None
        self.menu = self._build_menu()

    def _build_menu(self) -> QMenu:
        menu = QMenu("&Model", self.window)
        bar = self.window.menuBar()
        help_menu = next((a for a in bar.actions() if a.text().replace("&", "") == "Help"), None)
        bar.insertMenu(help_menu, menu) if help_menu else bar.addMenu(menu)
        self.toggle = menu.addAction("&Suggestions")
        self.toggle.setCheckable(True)
        self.toggle.setChecked(self.controller.enabled)
        self.toggle.toggled.connect(self.controller.set_enabled)
        self._add(menu, "&Next suggestion", "]", lambda: self.controller.step(+1))
        self._add(menu, "&Previous suggestion", "[", lambda: self.controller.step(-1))
        self._add(menu, "&Accept suggestion (Enter)", "", self.controller.accept)
        self._add(menu, "&Reject suggestion (Backspace)", "", self.controller.reject)
        menu.addSeparator()
        self._add(menu, "&Train model…", "", self.train)
        self._add(menu, "&Evaluate model…", "", self.evaluate)
        menu.addSeparator()
        self.reliability = menu.addAction("")
        self.reliability.setEnabled(False)  # the PI's setting: shown, never changed here
        menu.aboutToShow.connect(self._show_reliability_setting)
        return menu

    def _add(self, menu: QMenu, text: str, shortcut: str, handler: Callable[[], object]) -> QAction:
        action = menu.addAction(text)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: handler())
        getattr(self.window, "actions_by_text", {})[text.replace("&", "")] = action
        return action

    def overlay_ranges(self) -> list[tuple[int, int, str]]:
        """What the reader outlines now: (Qt start, Qt end, colour) of each open suggestion."""
        return list(self.controller.overlay.ranges)

    def _show_reliability_setting(self) -> None:
        with self.project.db.read() as tx:
            off = stored.suggestions_off_in_reliability_sample(tx)
        self.reliability.setText("Reliability sample: no suggestions (the PI's setting)" if off
                                 else "Reliability sample: suggestions allowed (the PI's setting)")

    # --- work in a thread ----------------------------------------------------------------------
    def train(self) -> ModelWorker | None:
        from annotator.operations.model_training import train_project_model

        path = self.project.path
        return self._run("Training the model", lambda progress, cancelled: train_project_model(
            path, progress=progress, cancelled=cancelled), self._trained)

    def evaluate(self) -> ModelWorker | None:
        from annotator.operations.model_evaluation import evaluate_project

        path = self.project.path
        return self._run("Evaluating the model", lambda progress, cancelled: evaluate_project(
            path, progress=progress, cancelled=cancelled), self._evaluated)

    def _run(self, title: str, work: Work, done: Callable[[Any], None]) -> ModelWorker | None:
        if self.worker is not None and self.worker.isRunning():
            self.window.statusBar().showMessage("The model is busy; wait for it or cancel it first.", 5000)
            return None
        dialog = QProgressDialog(f"{title}…", "Cancel", 0, 0, self.window)
        dialog.setWindowTitle(title)
        dialog.setMinimumDuration(0)
        dialog.setWindowModality(Qt.WindowModality.NonModal)  # coding goes on meanwhile
        worker = self.worker = ModelWorker(work, self)
        worker.progress.connect(lambda message: dialog.setLabelText(f"{title}: {message}…"))
        dialog.canceled.connect(lambda: (worker.requestInterruption(), self.window.statusBar().showMessage(
            "Cancelling after the current step…", 5000)))
        worker.succeeded.connect(done)
        worker.failed.connect(lambda message: self.window.statusBar().showMessage(message, 10000))
        worker.finished.connect(dialog.reset)
        self.progress_dialog = dialog
        dialog.show()
        worker.start()
        return worker

    def _trained(self, result: Any) -> None:
        from annotator.operations.model_report import figures_line

        meta = result.stored.meta
        self.window.statusBar().showMessage(f"Model {result.stored.version} trained. {figures_line(meta)}", 15000)
        self.controller.load()

    def _evaluated(self, evaluation: Any) -> None:
        from annotator.operations.model_report import evaluation_text

        dialog = QDialog(self.window)
        dialog.setWindowTitle("Model evaluation")
        text = QPlainTextEdit(evaluation_text(evaluation))
        text.setReadOnly(True)
        QVBoxLayout(dialog).addWidget(text)
        dialog.resize(900, 600)
        dialog.show()
        self.evaluation_dialog = dialog


def install_model_menu(window: QMainWindow) -> ModelMenu:
    return ModelMenu(window)

