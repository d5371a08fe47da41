"""The codebook panel (labels, keys, colours, definitions, rules, examples) and the label editor."""

from __future__ import annotations

import html
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from annotator.core.codebook import Codebook, Label, key_problem
from annotator.gui.coding.commands import SaveLabel
from annotator.gui.project import Project
from annotator.gui.widgets.swatches import colour_icon


def label_html(label: Label) -> str:
    """A label's full description for the panel: definition, include/exclude rules, examples."""
    parts = [f"<h3 style='color:{label.colour}'>■ {html.escape(label.name)}"
             f" <span style='color:gray'>key {html.escape(label.key or '—')}</span></h3>",
             f"<p>{html.escape(label.definition)}</p>"]
    for title, items in (("Include", label.include), ("Exclude", label.exclude), ("Examples", label.examples)):
        if items:
            parts.append(f"<p><b>{title}</b></p><ul>" + "".join(f"<li>{html.escape(x)}</li>" for x in items) + "</ul>")
    return "".join(parts)


class LabelDialog(QDialog):
    """Add or change a span label; refuses a key that a command or another label uses."""

    def __init__(self, codebook: Codebook, label: Label | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Change label" if label else "Add label")
        self.codebook, self.original = codebook, label
        base = label or Label("", key=None, colour="#6A1B9A")
        self.name_edit = QLineEdit(base.name)
        self.key_edit = QLineEdit(base.key or "", maxLength=3, placeholderText="a digit, a letter or F2–F12")
        self.colour_edit = QLineEdit(base.colour)
        pick = QPushButton("Choose…")
        pick.clicked.connect(self._pick_colour)
        self.definition_edit = QPlainTextEdit(base.definition)
        self.problem = QLabel(styleSheet="color: #C62828;", wordWrap=True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        colour_row = QHBoxLayout()
        colour_row.addWidget(self.colour_edit)
        colour_row.addWidget(pick)
        form = QFormLayout(self)
        form.addRow("Name", self.name_edit)
        form.addRow("Key", self.key_edit)
        form.addRow("Colour", colour_row)
        form.addRow("Definition", self.definition_edit)
        form.addRow(self.problem)
        form.addRow(buttons)

    def label(self) -> Label:
        base = self.original or Label("")
        key = self.key_edit.text().strip().upper() or None
        return replace(base, name=self.name_edit.text().strip(), key=key, colour=self.colour_edit.text().strip(),
                       definition=self.definition_edit.toPlainText().strip())

    def problem_text(self) -> str | None:
        label = self.label()
        if not label.name:
            return "Give the label a name."
        if not QColor.isValidColorName(label.colour) or not label.colour.startswith("#") or len(label.colour) != 7:
            return "The colour must look like #2E7D32."
        others = [x for x in self.codebook.span_labels if x != self.original]
        if any(x.name == label.name for x in others):
            return f"A label called {label.name!r} exists already."
        taken = {x.key: x.name for x in others if x.key}
        problem = key_problem(label.key, taken, label.name)
        return f"Cannot use this key: {problem}." if problem else None

    def accept(self) -> None:
        problem = self.problem_text()
        if problem:
            self.problem.setText(problem)
            return
        super().accept()

    def _pick_colour(self) -> None:
        colour = QColorDialog.getColor(QColor(self.colour_edit.text()), self, "Label colour")
        if colour.isValid():
            self.colour_edit.setText(colour.name().upper())


class CodebookPanel(QWidget):
    """Lists the labels; shows the chosen one in full; adds and changes labels through undo commands."""

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.labels = QListWidget()
        self.details = QTextBrowser(openExternalLinks=False)
        add, edit = QPushButton("Add label…"), QPushButton("Change label…")
        add.clicked.connect(lambda: self.edit_label(None))
        edit.clicked.connect(lambda: self.edit_label(self.selected_label()))
        self.labels.itemDoubleClicked.connect(lambda _item: self.edit_label(self.selected_label()))
        self.labels.currentRowChanged.connect(self._show_details)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(edit)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.labels)
        splitter.addWidget(self.details)
        splitter.setSizes([120, 300])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        project.codebook_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        row = max(self.labels.currentRow(), 0)
        self.labels.clear()
        for label in self.project.codebook.span_labels:
            item = QListWidgetItem(colour_icon(label.colour, 14), f"{label.key or '—'}   {label.name}")
            item.setToolTip(label.definition)
            self.labels.addItem(item)
        self.labels.setCurrentRow(min(row, self.labels.count() - 1))

    def selected_label(self) -> Label | None:
        row = self.labels.currentRow()
        labels = self.project.codebook.span_labels
        return labels[row] if 0 <= row < len(labels) else None

    def edit_label(self, label: Label | None) -> bool:
        dialog = LabelDialog(self.project.codebook, label, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        return self.project.push(SaveLabel(self.project, dialog.label(), label))

    def _show_details(self, _row: int) -> None:
        label = self.selected_label()
        guidelines = html.escape(self.project.codebook.guidelines).replace("\n", "<br>")
        body = label_html(label) if label else ""
        self.details.setHtml(body + f"<hr><p><b>Guidelines</b></p><p style='color:gray'>{guidelines}</p>")
