"""The adjudicator draws a gold span: select the words in the passage's context, choose a label and holder."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from annotator.core.codebook import Codebook
from annotator.core.selection import span_from_selection
from annotator.core.types import GOLD_CODER, SpanRecord
from annotator.gui.widgets.span_lanes import excerpt_bounds
from annotator.gui.widgets.text_positions import TextPositions, display_text
from annotator.operations.adjudication_cases import AdjudicationCase, Passage


class GoldSpanDialog(QDialog):
    """Select the gold span's words in the excerpt; `span()` gives it in document offsets."""

    def __init__(self, text: str, start: int, end: int, codebook: Codebook, *, label: str | None = None,
                 holder: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit the gold span")
        self.text = text
        self.lo, self.hi = excerpt_bounds(text, start, end)
        self.positions = TextPositions(text[self.lo:self.hi])
        self.view = QPlainTextEdit(readOnly=True)
        self.view.setPlainText(display_text(text[self.lo:self.hi]))
        self.view.setTextCursor(self.positions.cursor_for(self.view.document(), start - self.lo, end - self.lo))
        self.label_box = QComboBox()
        for option in codebook.span_labels:
            self.label_box.addItem(option.name)
        self.label_box.setCurrentIndex(max(self.label_box.findText(label or ""), 0))
        self.holder_edit = QLineEdit(holder or "")
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #a33333")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Label", self.label_box)
        form.addRow("Holder", self.holder_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Select the words of the gold span (the coders' candidate is selected):"))
        layout.addWidget(self.view, 1)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.resize(640, 380)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def select(self, start: int, end: int) -> None:
        """Select document offsets start..end (as a mouse drag would)."""
        self.view.setTextCursor(self.positions.cursor_for(self.view.document(), start - self.lo, end - self.lo))

    def span(self) -> SpanRecord | None:
        """The selected span, trimmed and snapped to whole words, in document offsets; None without a selection."""
        chosen = self.positions.selection(self.view.textCursor())
        if chosen is None:
            return None
        found = span_from_selection(self.text, chosen[0] + self.lo, chosen[1] + self.lo)  # as the coders' reader does
        if found is None:
            return None
        start, end = found
        holder = self.holder_edit.text().strip() or None
        return SpanRecord(start, end, self.label_box.currentText(), holder=holder)

    def accept(self) -> None:
        if self.span() is None:
            self.problem.setText("Select at least one word first.")
            return
        super().accept()


def ask_gold_span(case: AdjudicationCase, passage: Passage, codebook: Codebook, parent: QWidget) -> SpanRecord | None:
    """The gold span the adjudicator draws for `passage`, starting from gold's span there (or the
    passage and its first candidate's label); None if cancelled."""
    first = (case.spans_in(GOLD_CODER, passage.start, passage.end) or [None])[0]
    start, end, label = ((first.start, first.end, first.label) if first
                         else (passage.start, passage.end, passage.candidates[0].label))
    dialog = GoldSpanDialog(case.text, start, end, codebook, label=label, holder=first.holder if first else None,
                            parent=parent)
    return dialog.span() if dialog.exec() else None
