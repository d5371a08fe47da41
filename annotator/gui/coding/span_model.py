"""The span panel's model: this coder's spans of the open document, in text order, editable inline.

Edits become undo commands; the model changes only when the Project reports the change, so what it
shows is always what was committed.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from annotator.core.types import DocumentId, Span
from annotator.gui.coding.commands import EditSpanAttributes, RelabelSpan
from annotator.gui.project import Project
from annotator.gui.widgets.swatches import colour_icon
from annotator.gui.widgets.table_model import ListTableModel

COLUMNS = ("Label", "Text", "Holder", "Note", "Unsure")
LABEL, TEXT, HOLDER, NOTE, UNSURE = range(len(COLUMNS))
EXCERPT = 90  # characters of span text shown in the panel
UID_ROLE = Qt.ItemDataRole.UserRole
AnyIndex = QModelIndex | QPersistentModelIndex
# data() runs for 7 roles x 5 columns x every visible row on each repaint of the panel, which happens
# on every added span: roles as plain ints (an enum member costs an attribute lookup and a compare).
_DISPLAY, _DECORATION, _EDIT, _TOOLTIP = (int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.DecorationRole),
                                          int(Qt.ItemDataRole.EditRole), int(Qt.ItemDataRole.ToolTipRole))
_CHECK_STATE, _UID = int(Qt.ItemDataRole.CheckStateRole), int(UID_ROLE)
_CHECKED, _UNCHECKED = Qt.CheckState.Checked, Qt.CheckState.Unchecked
_BASE = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_COLUMN_FLAGS = tuple(
    _BASE | Qt.ItemFlag.ItemIsEditable if column in (LABEL, HOLDER, NOTE)
    else _BASE | Qt.ItemFlag.ItemIsUserCheckable if column == UNSURE else _BASE
    for column in range(len(COLUMNS))
)


def _order(span: Span) -> tuple[int, int, str]:
    return (span.start, -span.end, span.uid)  # text order; an enclosing span before the ones inside


def excerpt(text: str, span: Span) -> str:
    """The span's text on one line, shortened in the middle if long."""
    body = " ".join(text[span.start:span.end].split())
    if len(body) <= EXCERPT:
        return body
    half = EXCERPT // 2 - 1
    return body[:half] + " … " + body[-half:]


class SpanTableModel(ListTableModel):
    """This coder's spans of one document (`rows`, in text order)."""

    columns = COLUMNS

    def __init__(self, project: Project) -> None:
        super().__init__(project)
        self.project = project
        self.document_id: DocumentId | None = None
        self.text = ""
        self.rows: list[Span] = []
        self._by_uid: dict[str, Span] = {}  # the rows by uid: a row is found by bisect on its span's order
        self._cells: dict[str, tuple] = {}  # uid -> what the row shows, made on first paint
        project.spans_changed.connect(self._on_spans_changed)
        project.codebook_changed.connect(self._on_codebook_changed)

    def set_document(self, document_id: DocumentId | None, text: str, spans: list[Span]) -> None:
        self.beginResetModel()
        self.document_id, self.text = document_id, text
        self.rows = sorted(spans, key=_order)
        self._by_uid = {span.uid: span for span in self.rows}
        self._cells.clear()
        self.endResetModel()

    def span_at(self, row: int) -> Span:
        return self.rows[row]

    def row_of(self, uid: str) -> int | None:
        """The row of the span `uid`: O(log n), asked a few times on every key press (10,000 rows here)."""
        span = self._by_uid.get(uid)
        if span is None:
            return None
        row = bisect_left(self.rows, _order(span), key=_order)
        return row if row < len(self.rows) and self.rows[row].uid == uid else None

    # --- table ---------------------------------------------------------------------------------
    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        # Asked for every cell on every paint: the flags of each column are combined once, below.
        return _COLUMN_FLAGS[index.column()] if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: AnyIndex, role: int = _DISPLAY) -> Any:
        row, column = index.row(), index.column()
        if not 0 <= row < len(self.rows):  # also an invalid index, whose row is -1
            return None
        if role in (_DISPLAY, _EDIT):
            return self._row_cells(row)[column]
        if role == _DECORATION:
            return self._row_cells(row)[5] if column == LABEL else None
        if role == _CHECK_STATE:
            return self._row_cells(row)[6] if column == UNSURE else None
        if role == _TOOLTIP and column == TEXT:
            span = self.rows[row]
            return self.text[span.start:span.end]
        if role == _UID:
            return self.rows[row].uid
        return None

    def _row_cells(self, row: int) -> tuple:
        """Label, excerpt, holder, note, (nothing), swatch, check state of a row; kept per span value."""
        span = self.rows[row]
        cells = self._cells.get(span.uid)
        if cells is None or cells[7] is not span:
            label = self.project.codebook.span_label(span.label)
            cells = self._cells[span.uid] = (
                span.label, excerpt(self.text, span), span.holder or "", span.note or "", None,
                colour_icon(label.colour) if label else None, _CHECKED if span.unsure else _UNCHECKED, span)
        return cells

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return False
        span, column = self.rows[index.row()], index.column()
        if column == UNSURE and role == Qt.ItemDataRole.CheckStateRole:
            unsure = Qt.CheckState(value) == Qt.CheckState.Checked
            return unsure != span.unsure and self.project.push(EditSpanAttributes(self.project, span, unsure=unsure))
        if role != Qt.ItemDataRole.EditRole:
            return False
        if column == LABEL:
            if value == span.label or self.project.codebook.span_label(str(value)) is None:
                return False
            return self.project.push(RelabelSpan(self.project, span, str(value)))
        if column in (HOLDER, NOTE):
            name = "holder" if column == HOLDER else "note"
            new = str(value).strip() or None
            return new != getattr(span, name) and self.project.push(EditSpanAttributes(self.project, span, **{name: new}))
        return False

    # --- changes reported by the project -------------------------------------------------------
    def _on_spans_changed(self, document_id: int, old: Span | None, new: Span | None) -> None:
        if document_id != self.document_id:
            return
        row = self.row_of(old.uid) if old is not None else None
        if row is not None and new is not None:
            if new.uid != old.uid:
                del self._by_uid[old.uid]
            self._move(row, new)
        elif row is not None:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._by_uid[self.rows.pop(row).uid]
            self.endRemoveRows()
        elif new is not None:
            row = bisect_left(self.rows, _order(new), key=_order)
            self.beginInsertRows(QModelIndex(), row, row)
            self.rows.insert(row, new)
            self._by_uid[new.uid] = new
            self.endInsertRows()

    def _move(self, row: int, new: Span) -> None:
        """A changed span takes its place in text order as a move, not a removal and an insertion: the
        view's current row (the span being nudged) moves with it instead of passing to a neighbour."""
        others = self.rows[:row] + self.rows[row + 1:]
        target = bisect_left(others, _order(new), key=_order)
        self._by_uid[new.uid] = new
        if target != row:
            self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), target if target < row else target + 1)
            self.rows = others[:target] + [new] + others[target:]
            self.endMoveRows()
        else:
            self.rows[row] = new
        self.dataChanged.emit(self.index(target, 0), self.index(target, len(COLUMNS) - 1))

    def _on_codebook_changed(self) -> None:
        if self.document_id is not None and self.rows:
            self.set_document(self.document_id, self.text, self.project.spans(self.document_id))
