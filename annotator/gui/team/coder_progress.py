"""Team > Coders' progress: for the PI, how far each coder has come (documents done, in progress, spans)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QProgressBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.types import GOLD_CODER
from annotator.gui.project import Project

COLUMNS = ("Coder", "Done", "", "In progress", "Spans")


class CoderProgressDialog(QDialog):
    """Every coder of the project (the gold standard last), refreshed whenever it is shown."""

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.setWindowTitle(f"Coders' progress — {project.path.name}")
        self.summary = QLabel()
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        refresh = buttons.addButton("Refresh", QDialogButtonBox.ButtonRole.ActionRole)
        refresh.clicked.connect(self.refresh)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        project.changed_elsewhere.connect(self._refresh_if_shown)  # a merge or another window's work
        self.resize(640, 320)
        self.refresh()

    def refresh(self) -> None:
        stats = self.project.stats()
        coders = sorted(stats.coders, key=lambda c: (c.name == GOLD_CODER, c.name.casefold()))
        self.summary.setText(f"Documents: {stats.documents:,} · spans: {stats.spans:,} · coders: {len(coders)}")
        self.table.setRowCount(len(coders))
        for row, coder in enumerate(coders):
            bar = self.table.cellWidget(row, 2)
            if not isinstance(bar, QProgressBar):  # made once per row, then reused on every refresh
                bar = QProgressBar(format="%p%")
                self.table.setCellWidget(row, 2, bar)
            bar.setMaximum(max(stats.documents, 1))
            bar.setValue(coder.done)
            cells = (coder.name, f"{coder.done:,} / {stats.documents:,}", None, f"{coder.in_progress:,}", f"{coder.spans:,}")
            for column, text in enumerate(cells):
                if text is None:
                    continue
                item = QTableWidgetItem(text)
                if column > 0:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)

    def _refresh_if_shown(self) -> None:
        if self.isVisible():
            self.refresh()
