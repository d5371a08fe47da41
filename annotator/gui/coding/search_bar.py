"""Find in the open article (Ctrl+F): a bar above the reader with next/previous."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from annotator.gui.coding.reader import ReaderView


class SearchBar(QWidget):
    def __init__(self, reader: ReaderView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reader = reader
        self.edit = QLineEdit(placeholderText="Find in this article (Enter: next, Shift+Enter: previous)")
        self.result = QLabel()
        previous, following, close = QToolButton(text="▲"), QToolButton(text="▼"), QToolButton(text="✕")
        previous.setToolTip("Previous match (Shift+F3)")
        following.setToolTip("Next match (F3)")
        previous.clicked.connect(lambda: self.find(backward=True))
        following.clicked.connect(lambda: self.find())
        close.clicked.connect(self.close_bar)
        self.edit.returnPressed.connect(self._on_return)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        for widget in (self.edit, self.result, previous, following, close):
            layout.addWidget(widget)
        self.hide()

    def open_bar(self) -> None:
        self.show()
        self.edit.setFocus()
        self.edit.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.reader.setFocus()

    def find(self, *, backward: bool = False) -> bool:
        """Go to the next (previous) match; none: the coder's place stays and the bar says so."""
        needle = self.edit.text()
        if needle and not self.isVisible():
            self.show()  # F3 with the bar closed: the result is said where it is seen
        found = bool(needle) and self.reader.find_text(needle, backward=backward)
        self.result.setText("" if found or not needle else f"“{needle}” not found")
        return found

    def _on_return(self) -> None:
        self.find(backward=bool(QApplication.keyboardModifiers() & Qt.KeyboardModifier.ShiftModifier))

    def keyPressEvent(self, event) -> None:  # noqa: N802, ANN001 (Qt's name)
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
            return
        super().keyPressEvent(event)
