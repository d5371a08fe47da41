"""The document list panel: filter across documents, status filter, progress, sortable table."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QProgressBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.types import Status
from annotator.gui.coding.document_model import (
    COLUMNS,
    ID_ROLE,
    STATUS_TEXT,
    DocumentFilterModel,
    DocumentListModel,
)
from annotator.gui.project import Project

DEFAULT_HIDDEN = (1, 2, 3)  # outlet, date, length
NARROW = 260  # px: below this the list shows titles only
# Rows a fitted column measures: every loaded row (500 at first, more as the coder scrolls) would be
# ~1,200 data() calls each time a column is shown or hidden.
RESIZE_PRECISION = 40


class DocumentTable(QTableView):
    """The list's view; says when it has painted."""

    painted = Signal()

    def paintEvent(self, event) -> None:  # noqa: N802, ANN001 (Qt's name)
        super().paintEvent(event)
        self.painted.emit()


class DocumentPanel(QWidget):
    """Lists the project's documents; emits `document_chosen(id)` when the coder picks one."""

    document_chosen = Signal(int)

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.model = DocumentListModel(project)
        self.proxy = DocumentFilterModel(self.model)
        self.shown_document: int | None = None  # the document the window shows: the list's current row
        self._build_layout()
        self._filter_timer = QTimer(self, singleShot=True, interval=250)  # search texts after typing stops
        self._filter_timer.timeout.connect(lambda: self.model.set_text_filter(self.filter_edit.text()))
        self.filter_edit.textChanged.connect(self._filter_timer.start)
        self.status_box.currentIndexChanged.connect(lambda _: self.proxy.set_status(self.status_box.currentData()))
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row)
        # The summaries after the first batch: read once the list is on screen, after that frame (one
        # timer the panel owns, however many paints ask for it).
        self._rest_timer = QTimer(self, singleShot=True, interval=0, timeout=self.model.load_all)
        self.table.painted.connect(self._read_the_rest)
        project.annotation_changed.connect(self.update_progress)
        project.documents_changed.connect(self.update_progress)
        self.update_progress()

    def _build_layout(self) -> None:
        self.filter_edit = QLineEdit(placeholderText="Filter documents by text, title, outlet…", clearButtonEnabled=True)
        self.status_box = QComboBox()
        self.status_box.addItem("All", None)
        for status in Status:
            self.status_box.addItem(STATUS_TEXT[status].capitalize(), status)
        self.table = DocumentTable()
        self.table.setModel(self.proxy)
        # No sort column before sorting is enabled: enabling it sorts by the indicator's column at once
        # (9,000 data() calls on a first batch of 500 rows), only for the project's order to come back.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)  # keep the project's order until asked
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        # Titles get two lines: news headlines are long and a one-line list showed only their first
        # words. Fixed row heights keep a 10,000-row list from measuring every title.
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(2 * self.table.fontMetrics().lineSpacing() + 8)
        header = self.table.horizontalHeader()
        header.setResizeContentsPrecision(RESIZE_PRECISION)  # columns fit the first rows, not every loaded row
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, 6):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        # Outlet, date and length start hidden (they are in the title's tooltip, and the list stays
        # narrow); a right click on the header, or View > Document list columns, shows them.
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.column_actions: list[QAction] = []
        for column, name in enumerate(COLUMNS[1:], start=1):
            action = QAction(name, self, checkable=True, checked=column not in DEFAULT_HIDDEN)
            action.toggled.connect(self._apply_columns)
            header.addAction(action)
            self.column_actions.append(action)
        self.set_hidden_columns(DEFAULT_HIDDEN)
        self.progress = QProgressBar(format="%v / %m done")
        filters = QHBoxLayout()
        filters.addWidget(self.filter_edit, 1)
        filters.addWidget(self.status_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.progress)

    def _read_the_rest(self) -> None:
        """Once the list's first rows are on screen, read the other summaries (after this frame)."""
        if not self.model.complete and not self._rest_timer.isActive():
            self._rest_timer.start()

    def hidden_columns(self) -> list[int]:
        """The columns the coder hid (not those a narrow list leaves out for the moment)."""
        return [c for c, action in enumerate(self.column_actions, start=1) if not action.isChecked()]

    def set_hidden_columns(self, hidden: list[int] | tuple[int, ...]) -> None:
        for column, action in enumerate(self.column_actions, start=1):
            action.setChecked(column not in hidden)
        self._apply_columns()

    def resizeEvent(self, event) -> None:  # noqa: N802, ANN001 (Qt's name)
        super().resizeEvent(event)
        self._apply_columns()

    def _apply_columns(self) -> None:
        """The coder's columns; a list too narrow for them shows titles only (a title's swatch and
        tooltip still say its status)."""
        narrow = self.width() < NARROW
        for column, action in enumerate(self.column_actions, start=1):
            hidden = not action.isChecked() or narrow
            if self.table.isColumnHidden(column) != hidden:  # even an unchanged column costs a relayout
                self.table.setColumnHidden(column, hidden)

    def update_progress(self, *_: object) -> None:
        done, total = self.project.progress()
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def select_document(self, document_id: int) -> None:
        """Make `document_id` the list's current row (the document on screen; no document_chosen for it).

        Through the selection model's own signals, so the view repaints the row it leaves as well
        (blocking them left earlier rows painted as selected)."""
        self.shown_document = document_id
        row = self.model.row_of(document_id)
        if row is None:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if index.isValid() and index != self.table.currentIndex():
            self.table.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            self.table.scrollTo(index)

    def show_stored(self) -> None:
        """Re-read the list after work done elsewhere, in place, keeping the current row."""
        self.model.refresh()
        self.update_progress()
        if self.shown_document is not None:
            self.select_document(self.shown_document)  # in case documents came and the list was reset

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and int(current.data(ID_ROLE)) != self.shown_document:
            self.document_chosen.emit(int(current.data(ID_ROLE)))
