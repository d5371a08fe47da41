"""The document list: one row per document with this coder's status and span count.

Rows come from a summaries query that reads no texts; they reach the view in batches
(`canFetchMore`/`fetchMore`), so a project of 10,000 documents shows its list as soon as one of 10.
The first batch is read at once, the rest (`load_all`) once the list is on screen (see DocumentPanel)
or as soon as anything needs it: reading all 10,000 summaries before the first frame cost ~0.1 s of
opening a big project (issue 14).
Text filtering happens in the store (it searches the texts); sorting and the status filter in the proxy.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from annotator.core.types import DocumentId, DocumentSummary, Status
from annotator.gui.project import Project
from annotator.gui.widgets.swatches import colour_icon
from annotator.gui.widgets.table_model import ListTableModel

BATCH = 500
COLUMNS = ("Title", "Outlet", "Date", "Length", "Status", "Spans")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole
STATUS_TEXT = {Status.NOT_STARTED: "not started", Status.IN_PROGRESS: "in progress", Status.DONE: "done"}
STATUS_COLOUR = {Status.NOT_STARTED: "#9E9E9E", Status.IN_PROGRESS: "#F9A825", Status.DONE: "#2E7D32"}
AnyIndex = QModelIndex | QPersistentModelIndex
_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, SORT_ROLE, ID_ROLE, Qt.ItemDataRole.ForegroundRole,
                    Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.DecorationRole})


class DocumentListModel(ListTableModel):
    """Summaries of the project's documents (optionally those matching a text filter), handed to
    views BATCH rows at a time."""

    columns = COLUMNS

    def __init__(self, project: Project) -> None:
        super().__init__(project)
        self.project = project
        self.rows: list[DocumentSummary] = []
        self._shown = 0  # rows handed to views so far
        self._row_of: dict[int, int] = {}
        self._complete = True  # False while only the first batch of summaries is read (see load_all)
        self.text_filter = ""
        project.spans_changed.connect(self._on_spans_changed)
        project.annotation_changed.connect(self.refresh_document)
        project.documents_changed.connect(self.reload)
        self.reload()

    def reload(self) -> None:
        """Read the list anew: its first batch now, the rest by `load_all`."""
        first = self.project.summaries(text_filter=self.text_filter, limit=BATCH)
        self.set_rows(first)
        self._complete = len(first) < BATCH

    @property
    def complete(self) -> bool:
        """Whether every summary has been read (`rows` holds the whole list)."""
        return self._complete

    def load_all(self) -> None:
        """Read the summaries after the first batch, if not done yet. Views see no change: they are
        handed rows by `fetchMore`, as before."""
        if self._complete:
            return
        self._complete = True
        rest = self.project.summaries(text_filter=self.text_filter, after=self.rows[-1].id if self.rows else None)
        self._row_of.update((s.id, row) for row, s in enumerate(rest, start=len(self.rows)))
        self.rows += rest

    def refresh(self) -> None:
        """Re-read every summary (after work done elsewhere). Rows change in place, so views keep their
        current row and the rows they loaded; only documents that came or went need a reset."""
        self.load_all()
        fresh = self.project.summaries(text_filter=self.text_filter)
        if len(fresh) != len(self.rows) or any(a.id != b.id for a, b in zip(fresh, self.rows, strict=True)):
            self.set_rows(fresh)
            return
        for row, summary in enumerate(fresh):
            if summary != self.rows[row]:
                self._replace(row, summary)

    def _rows_set(self) -> None:
        self._row_of = {s.id: row for row, s in enumerate(self.rows)}
        self._shown = min(BATCH, len(self.rows))

    def shown_rows(self) -> int:
        return self._shown

    def set_text_filter(self, text: str) -> None:
        self.text_filter = text.strip()
        self.reload()

    # --- lazy rows -----------------------------------------------------------------------------
    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: N802, B008
        return not parent.isValid() and (self._shown < len(self.rows) or not self._complete)

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: N802, B008
        if parent.isValid():
            return
        self.load_all()
        more = min(BATCH, len(self.rows) - self._shown)
        if more > 0:
            self.beginInsertRows(QModelIndex(), self._shown, self._shown + more - 1)
            self._shown += more
            self.endInsertRows()

    # --- table ---------------------------------------------------------------------------------
    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ROLES or not index.isValid() or not 0 <= index.row() < self._shown:
            return None
        summary = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(summary, column)
        if role == SORT_ROLE:
            values = (summary.title or "", summary.outlet or "", summary.date or "", summary.length,
                      list(Status).index(summary.status), summary.span_count)
            return values[column]
        if role == ID_ROLE:
            return int(summary.id)
        if role == Qt.ItemDataRole.ForegroundRole and column == 4:
            return QColor(STATUS_COLOUR[summary.status])
        if role == Qt.ItemDataRole.DecorationRole and column == 0:  # the status at a glance, narrow list or not
            return colour_icon(STATUS_COLOUR[summary.status], 8)
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            details = [x for x in (STATUS_TEXT[summary.status], summary.outlet, summary.date,
                                   f"{summary.length:,} characters", f"{summary.span_count} spans") if x]
            return f"{summary.title or summary.doc_id}\n" + " · ".join(details)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (3, 5):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    @staticmethod
    def _display(summary: DocumentSummary, column: int) -> str:
        values = (summary.title or f"({summary.doc_id})", summary.outlet or "", summary.date or "",
                  f"{summary.length:,}", STATUS_TEXT[summary.status], str(summary.span_count))
        return values[column]

    # --- lookups and updates -------------------------------------------------------------------
    def summary(self, row: int) -> DocumentSummary:
        return self.rows[row]

    def row_of(self, document_id: int) -> int | None:
        if document_id not in self._row_of:
            self.load_all()
        row = self._row_of.get(document_id)
        if row is not None and row >= self._shown:
            while self.canFetchMore():
                self.fetchMore()
        return row

    def next_not_done(self, after: DocumentId | None) -> DocumentId | None:
        """The first document after `after` (in list order, wrapping) that this coder has not done."""
        if after is None and not self._complete:  # the first batch usually has one (no need to read on)
            first = next((s.id for s in self.rows if s.status != Status.DONE), None)
            if first is not None:
                return first
        self.load_all()
        start = self._row_of.get(after, -1) + 1 if after is not None else 0
        for summary in self.rows[start:] + self.rows[:start]:
            if summary.status != Status.DONE and summary.id != after:
                return summary.id
        return None

    def refresh_document(self, document_id: int) -> None:
        """Re-read this coder's status of one document (after a stance, status or span change)."""
        row = self._row_of.get(document_id)
        if row is None:
            return
        status = self.project.annotation(DocumentId(document_id)).status
        self._replace(row, replace(self.rows[row], status=status))

    def _on_spans_changed(self, document_id: int, old: object, new: object) -> None:
        row = self._row_of.get(document_id)
        if row is None or (old is None) == (new is None):
            return  # an edit, not an add or delete: the count stays
        count = self.rows[row].span_count + (1 if old is None else -1)
        was_not_started = self.rows[row].status == Status.NOT_STARTED
        self._replace(row, replace(self.rows[row], span_count=count))
        if was_not_started:  # a first span starts the document; otherwise its status cannot change here
            self.refresh_document(document_id)

    def _replace(self, row: int, summary: DocumentSummary) -> None:
        old, self.rows[row] = self.rows[row], summary
        if row >= self._shown:
            return
        # Only the cells that changed (usually the span count): the sort proxy re-sorts a row only
        # when its sort column is among them, and this runs on every added span.
        changed = [c for c in range(len(COLUMNS)) if self._display(old, c) != self._display(summary, c)]
        if changed:
            self.dataChanged.emit(self.index(row, changed[0]), self.index(row, changed[-1]))


class DocumentFilterModel(QSortFilterProxyModel):
    """Sorts the document list by any column and filters it by status."""

    def __init__(self, source: DocumentListModel) -> None:
        super().__init__(source)
        self.setSourceModel(source)
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)
        self.status: Status | None = None

    def set_status(self, status: Status | None) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.10+; invalidateRowsFilter is deprecated there
            self.beginFilterChange()
            self.status = status
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.status = status
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:  # noqa: N802
        if self.status is None:
            return True
        return self.sourceModel().summary(source_row).status == self.status
