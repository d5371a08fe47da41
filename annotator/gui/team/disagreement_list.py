"""The disagreement list of the agreement window: passages where coders' spans differ, and who did what.

Selecting a row shows the coders' spans side by side in lanes below the list; activating it (double
click, Enter) asks for the passage in the main window through `open_passage`.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from annotator.agreement.disagreements import CoderPassage, Disagreement
from annotator.gui.widgets.span_lanes import Lane, SpanLanesView
from annotator.gui.widgets.table_model import ListTableModel, row_table
from annotator.operations.project_agreement import DocumentRef

COLUMNS = ("Document", "Passage", "Difference", "Who labelled what")
EXCERPT = 90  # characters of a passage shown in the list
Index = QModelIndex | QPersistentModelIndex


def excerpt(text: str, limit: int = EXCERPT) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def difference(d: Disagreement) -> str:
    """What kind of disagreement it is, in a few words."""
    missing = [c.coder for c in d.coders if not c.spans]
    if missing:
        return "not marked by " + ", ".join(missing)
    if len({frozenset(label for _, _, label in c.spans) for c in d.coders}) > 1:
        return "labels differ"
    return "same label, extent differs"


def who_did_what(passage: CoderPassage) -> str:
    if not passage.spans:
        return f"{passage.coder}: no span"
    labels = list(dict.fromkeys(label for _, _, label in passage.spans))
    return f"{passage.coder}: {', '.join(labels)}"


class DocumentRowsModel(ListTableModel):
    """Rows that each point to a document by `doc_id`, and the documents they point to."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.documents: dict[str, DocumentRef] = {}

    def set_rows(self, rows: Sequence[Any], documents: dict[str, DocumentRef] | None = None) -> None:
        self.documents = documents or {}
        super().set_rows(rows)

    def document_of(self, row: int) -> DocumentRef | None:
        return self.documents.get(self.rows[row].doc_id)

    def title_of(self, row: int) -> str:
        document = self.document_of(row)
        return document.title if document else self.rows[row].doc_id


class DisagreementModel(DocumentRowsModel):
    """Rows of disagreements about spans."""

    columns = COLUMNS

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        row: Disagreement = self.rows[index.row()]
        document = self.document_of(index.row())
        if index.column() == 0:
            return self.title_of(index.row())
        if index.column() == 1:
            passage = document.text[row.start:row.end] if document else ""
            return passage if role == Qt.ItemDataRole.ToolTipRole else excerpt(passage)
        if index.column() == 2:
            return difference(row)
        return ("\n" if role == Qt.ItemDataRole.ToolTipRole else "; ").join(who_did_what(c) for c in row.coders)


class DisagreementView(QSplitter):
    """The list above, the selected passage in lanes (one per coder) below."""

    open_passage = Signal(int, int, int)  # document id, start, end (code points)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self.model = DisagreementModel(self)
        self.table = row_table(self.model)
        head = self.table.horizontalHeader()
        for column in range(3):  # fixed widths: ResizeToContents measures a thousand rows on every change
            head.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        head.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.count_label = QLabel()
        self.lanes = SpanLanesView()
        self.gamma: dict[str, tuple] = {}  # doc_id -> γ's aligned groups (agreement.gamma), when computed
        self.alignment = QLabel()  # γ's alignment of the shown passage
        self.alignment.setWordWrap(True)
        self.alignment.setTextFormat(Qt.TextFormat.RichText)
        self.alignment.hide()
        top = QWidget()
        column = QVBoxLayout(top)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.count_label)
        column.addWidget(self.table)
        self.addWidget(top)
        bottom = QWidget()
        below = QVBoxLayout(bottom)
        below.setContentsMargins(0, 0, 0, 0)
        below.addWidget(self.lanes, 1)
        below.addWidget(self.alignment)
        self.addWidget(bottom)
        self.setStretchFactor(1, 1)
        self.table.selectionModel().currentRowChanged.connect(self._show_row)
        self.table.activated.connect(self._activate)

    def set_rows(self, rows: Sequence[Disagreement], documents: dict[str, DocumentRef]) -> None:
        self.model.set_rows(rows, documents)
        em = self.table.fontMetrics().horizontalAdvance("M")
        for column, width in enumerate((14, 28, 15)):
            self.table.setColumnWidth(column, width * em)
        self.count_label.setText(f"{len(rows):,} passages where the chosen coders' spans differ "
                                 "(double-click or Enter opens one in the main window)")
        self.lanes.clear("Choose a disagreement to see every coder's spans side by side.")
        if rows:
            self.table.selectRow(0)

    def _show_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        row, document = self.model.rows[current.row()], self.model.document_of(current.row())
        if document is None:
            self.lanes.clear("This document is no longer in the project.")
            return
        lanes = [Lane(c.coder, self._caption(c, document.text), [(s, e, label) for s, e, label in c.spans]) for c in row.coders]
        self.lanes.show_passage(document.text, row.start, row.end, lanes)
        self._show_alignment(row)

    def set_gamma(self, alignment: dict[str, tuple]) -> None:
        """γ's best alignment per document (empty: γ not computed) for the passages shown below the lanes."""
        self.gamma = alignment
        self.alignment.setVisible(bool(alignment))
        current = self.table.currentIndex()
        if alignment and current.isValid():
            self._show_alignment(self.model.rows[current.row()])

    def _show_alignment(self, row: Disagreement) -> None:
        if not self.gamma:
            return
        groups = [g for g in self.gamma.get(row.doc_id, ())
                  if any(u is not None and u[1] < row.end and u[2] > row.start for u in g)]
        if row.doc_id not in self.gamma:
            self.alignment.setText("<i>γ was computed on other documents (a sample of those every coder coded).</i>")
            return
        lines = [" ↔ ".join("—" if u is None else f"{escape(u[0])} {u[1]}–{u[2]} {escape(u[3])}" for u in g) for g in groups]
        self.alignment.setText("<b>γ alignment here</b> (units aligned by γ; — : aligned with nothing):<br>"
                               + ("<br>".join(lines) or "<i>no unit</i>"))

    def _caption(self, passage: CoderPassage, text: str) -> str:
        if not passage.spans:
            return "<i>no span here</i>"
        return self.lanes.span_captions(text, passage.spans)

    def _activate(self, index: QModelIndex) -> None:
        row, document = self.model.rows[index.row()], self.model.document_of(index.row())
        if document is not None:
            self.open_passage.emit(int(document.id), row.start, row.end)
