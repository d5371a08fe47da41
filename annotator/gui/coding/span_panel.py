"""The span panel: this coder's spans of the open document, with inline editing of label and attributes."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.gui.coding.span_model import (
    HOLDER,
    LABEL,
    NOTE,
    TEXT,
    UID_ROLE,
    UNSURE,
    SpanTableModel,
)
from annotator.gui.widgets.swatches import colour_icon


class LabelDelegate(QStyledItemDelegate):
    """Edits a span's label with a list of the codebook's labels."""

    def __init__(self, model: SpanTableModel) -> None:
        super().__init__(model)
        self.model = model

    def createEditor(self, parent: QWidget, _option, _index: QModelIndex) -> QWidget:  # noqa: N802, ANN001
        box = QComboBox(parent)
        for label in self.model.project.codebook.span_labels:
            box.addItem(colour_icon(label.colour), f"{label.name}  [{label.key or '-'}]", label.name)
        return box

    def setEditorData(self, editor: QComboBox, index: QModelIndex) -> None:  # noqa: N802
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor: QComboBox, model, index: QModelIndex) -> None:  # noqa: N802, ANN001
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


FIXED_WIDTHS = {LABEL: 128, HOLDER: 80, NOTE: 56, UNSURE: 52}
TEXT_AT_LEAST = 120  # px: a narrow panel shows label and text, and scrolls sideways to holder and note
HOLD_AT_MOST_MS = 100  # a held repaint happens by then even if the reader never paints (hidden)


class SpanPanel(QWidget):
    """Table of spans; emits `span_selected(uid)` when the coder moves to a span.

    When a key in the reader adds or removes a span, every row below it shifts and the whole table
    repaints: about half the cost of a key press. `hold_repaint` keeps that paint out of the frame
    that shows the new highlight; `release_repaint` (on the reader's next paint) lets it follow in
    the next frame. The model itself is never behind: only pixels wait.
    """

    span_selected = Signal(str)
    leave_requested = Signal()  # Escape in the table (not in an editor): back to the reader

    def __init__(self, model: SpanTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.current_uid: str | None = None  # the window's current span: the table's current row
        self.table = QTableView()
        self.table.setModel(model)
        self.table.setItemDelegateForColumn(LABEL, LabelDelegate(model))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        # Fixed widths, not ResizeToContents: that measures every row on every insert (slow at 2,000 spans).
        header = self.table.horizontalHeader()
        for column, width in FIXED_WIDTHS.items():
            header.resizeSection(column, width)
        header.setMinimumSectionSize(40)
        self._fit_text_column()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.empty_hint = QLabel()
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setStyleSheet("color: palette(mid); padding: 6px;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_hint)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self.table, self.leave_requested.emit,
                  context=Qt.ShortcutContext.WidgetShortcut)
        self._held = False
        self._hold_limit = QTimer(self, singleShot=True, interval=HOLD_AT_MOST_MS, timeout=self._release)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row)
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.project.codebook_changed):
            signal.connect(self._update_hint)
        self._update_hint()

    def select_uid(self, uid: str) -> None:
        """Make the span `uid` the current row (without emitting span_selected for it)."""
        self.current_uid = uid or None
        row = self.model.row_of(uid) if uid else None
        selection = self.table.selectionModel()
        if row is None:
            selection.clearSelection()
            selection.setCurrentIndex(QModelIndex(), QItemSelectionModel.SelectionFlag.Clear)
        else:
            index = self.model.index(row, LABEL)
            selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                      | QItemSelectionModel.SelectionFlag.Rows)
            self.table.scrollTo(index)

    def edit_current(self, column: int = HOLDER) -> bool:
        """Open the editor of the current span's `column` (Tab moves on to the next cell)."""
        index = self.table.currentIndex()
        if not index.isValid():
            return False
        index = index.siblingAtColumn(column)
        self.table.setFocus()
        self.table.setCurrentIndex(index)
        self.table.edit(index)
        return True

    def hold_repaint(self) -> None:
        """Leave the table out of the coming frame (its content still changes at once)."""
        if not self._held and self.isVisible():
            self._held = True
            self.table.viewport().setUpdatesEnabled(False)
            self._hold_limit.start()

    def release_repaint(self) -> None:
        """The reader has painted: repaint the table in the next frame, not inside this one."""
        if self._held:
            QTimer.singleShot(0, self._release)

    def _release(self) -> None:
        if self._held:
            self._held = False
            self._hold_limit.stop()
            self.table.viewport().setUpdatesEnabled(True)  # which repaints it

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        uid = current.siblingAtColumn(LABEL).data(UID_ROLE) if current.isValid() else None
        if uid is not None and uid != self.current_uid:
            self.current_uid = uid
            self.span_selected.emit(uid)

    def resizeEvent(self, event) -> None:  # noqa: N802, ANN001 (Qt's name)
        super().resizeEvent(event)
        self._fit_text_column()

    def _fit_text_column(self) -> None:
        """The text column takes what the others leave, but never less than TEXT_AT_LEAST: in a narrow
        panel the span's words matter more than its holder and note (Tab and Enter still reach those)."""
        room = self.table.viewport().width() - sum(FIXED_WIDTHS.values())
        header = self.table.horizontalHeader()
        if room >= TEXT_AT_LEAST:
            header.setSectionResizeMode(TEXT, QHeaderView.ResizeMode.Stretch)
        else:
            header.setSectionResizeMode(TEXT, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(TEXT, TEXT_AT_LEAST)

    def is_editing(self) -> bool:
        """Whether the coder is typing in a cell (work from elsewhere must wait for the Enter)."""
        return self.table.state() == QAbstractItemView.State.EditingState

    def _update_hint(self, *_: object) -> None:
        empty = self.model.rowCount() == 0
        if empty:
            keys = ", ".join(f"{x.key} {x.name}" for x in self.model.project.codebook.span_labels if x.key)
            self.empty_hint.setText("No spans yet. Select text in the article and press a label's key"
                                    + (f": {keys}." if keys else ".") + " F1 lists every key.")
        self.empty_hint.setVisible(empty)
