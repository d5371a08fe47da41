"""The Suggestions tab: the open document's suggestions with their scores and the coder's decisions,
and the model's document stance (or why there are no suggestions)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from annotator.gui.coding.suggestions import SuggestionController
from annotator.gui.widgets.table_model import AnyIndex, ListTableModel, row_table


class SuggestionTableModel(ListTableModel):
    columns = ("Label", "Score", "Decision", "Text")

    def __init__(self, controller: SuggestionController) -> None:
        super().__init__(controller)
        self.controller = controller

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        s = self.rows[index.row()]
        text = self.controller.coding.text[s.start:s.end]
        return (s.label, f"{s.score:.2f}", str(s.decision or "open"),
                text if len(text) <= 80 else text[:77] + "…")[index.column()]


class SuggestionPanel(QWidget):
    def __init__(self, controller: SuggestionController) -> None:
        super().__init__()
        self.controller = controller
        self.model = SuggestionTableModel(controller)
        self.table = row_table(self.model)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        controller.changed.connect(self.refresh)
        self.table.clicked.connect(self._chosen)
        self.refresh()

    def refresh(self) -> None:
        shown = self.controller.shown
        if list(shown.suggestions) != self.model.rows:
            self.model.set_rows(shown.suggestions)
        if shown.reason:
            self.summary.setText(shown.reason)
        elif shown.model_version:
            stance = (f" Document stance: {shown.stance[0]} ({shown.stance[1]:.2f})." if shown.stance else "")
            left = len(self.controller.open_rows())
            self.summary.setText(f"Model {shown.model_version}: {len(shown.suggestions)} suggestion(s), {left} open."
                                 f"{stance} ] / [ next / previous, Enter accept, Backspace reject, a label key "
                                 "accepts as that label.")
        else:
            self.summary.setText("")
        current = self.controller.current
        if current is not None and current < self.model.rowCount():
            self.table.selectRow(current)
        else:
            self.table.clearSelection()

    def _chosen(self, index: QModelIndex) -> None:
        if index.isValid() and self.model.rows[index.row()].decision is None:
            self.controller.set_current(index.row())
