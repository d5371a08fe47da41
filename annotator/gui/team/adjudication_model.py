"""The adjudication document list: each document with its coders and how far adjudication has come."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from annotator.core.types import DocumentId
from annotator.gui.widgets.table_model import ListTableModel
from annotator.operations.adjudication_cases import Progress

COLUMNS = ("Document", "Coders", "Decided", "Stance", "Done")
Index = QModelIndex | QPersistentModelIndex
FINISHED = QColor("#2e7d32")


def decided_text(p: Progress) -> str:
    return f"{p.decided} / {p.passages}" if p.passages else "none to decide"


class AdjudicationProgressModel(ListTableModel):
    """Rows of `Progress`; `update` replaces one document's row after a change."""

    columns = COLUMNS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Progress] = []
        self._row_of: dict[DocumentId, int] = {}

    def _rows_set(self) -> None:
        self._row_of = {p.document_id: i for i, p in enumerate(self.rows)}

    def row_of(self, document_id: DocumentId) -> int | None:
        return self._row_of.get(document_id)

    def update(self, progress: Progress) -> None:
        row = self._row_of.get(progress.document_id)
        if row is None:
            return
        self.rows[row] = progress
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def following(self, row: int, direction: int, *, not_done: bool = False) -> int | None:
        """The row after (+1) or before (-1) `row`, or with `not_done` the first after it (wrapping) whose
        adjudication is not done; None if there is none."""
        count = len(self.rows)
        if not not_done:
            return row + direction if 0 <= row + direction < count else None
        return next((r % count for r in range(row + 1, row + count) if not self.rows[r % count].done), None)

    def totals(self) -> tuple[int, int, int]:
        """(passages decided, passages, documents done) over the list."""
        return (sum(p.decided for p in self.rows), sum(p.passages for p in self.rows),
                sum(p.done for p in self.rows))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if not index.isValid():
            return None
        p = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (p.title, ", ".join(p.coders), decided_text(p), p.stance, "✓" if p.done else "")[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == 2:
            return f"{p.decided} of {p.passages} disagreements about spans decided"
        if role == Qt.ItemDataRole.ToolTipRole and column == 3:
            return {"agreed": "Every coder gave the same stance", "decided": "The gold stance is set",
                    "open": "The coders' stances differ and no gold stance is set yet"}[p.stance]
        if role == Qt.ItemDataRole.FontRole and p.done:
            font = QFont()
            font.setBold(column == 4)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and column in (2, 3):
            finished = (p.decided == p.passages) if column == 2 else p.stance != "open"
            return FINISHED if finished else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 2:
            return Qt.AlignmentFlag.AlignCenter
        return None


class DocumentProgressView(QTableView):
    """The list of documents to adjudicate, one row selected at a time."""

    def __init__(self, model: AdjudicationProgressModel) -> None:
        super().__init__()
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.verticalHeader().hide()
        # fixed widths: ResizeToContents would measure a thousand rows on every change of one
        head, em = self.horizontalHeader(), self.fontMetrics().horizontalAdvance("M")
        for column, width in ((1, 8), (2, 5), (3, 5), (4, 3)):  # the title gets the rest, on a netbook too
            head.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.setColumnWidth(column, width * em)
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
