"""The agreement window's list of documents whose coders chose different stances.

One row per document: its title and what each coder chose. Activating a row (double click, Enter)
asks for the document in the main window through `open_document`, where the coder's own stance and
the other coders' spans can be looked at.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from annotator.agreement.disagreements import StanceDisagreement
from annotator.gui.team.disagreement_list import DocumentRowsModel
from annotator.gui.widgets.table_model import row_table
from annotator.operations.project_agreement import DocumentRef

COLUMNS = ("Document", "Who chose what")
NO_STANCE = "no stance"
Index = QModelIndex | QPersistentModelIndex


def who_chose_what(row: StanceDisagreement) -> str:
    return "; ".join(f"{coder}: {stance or NO_STANCE}" for coder, stance in row.stances)


class StanceDisagreementModel(DocumentRowsModel):
    columns = COLUMNS

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        return self.title_of(index.row()) if index.column() == 0 else who_chose_what(self.rows[index.row()])


class StanceDisagreementView(QWidget):
    open_document = Signal(int)  # the document's id in the project

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = StanceDisagreementModel(self)
        self.table = row_table(self.model)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.count_label = QLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.count_label)
        layout.addWidget(self.table)
        self.table.activated.connect(self._activate)

    def set_rows(self, rows: Sequence[StanceDisagreement], documents: dict[str, DocumentRef]) -> None:
        self.model.set_rows(rows, documents)
        self.table.setColumnWidth(0, 28 * self.table.fontMetrics().horizontalAdvance("M"))
        self.count_label.setText(f"{len(rows):,} documents where the chosen coders' stances differ "
                                 "(double-click or Enter opens one in the main window)")

    def _activate(self, index: QModelIndex) -> None:
        document = self.model.document_of(index.row())
        if document is not None:
            self.open_document.emit(int(document.id))
