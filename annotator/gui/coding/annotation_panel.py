"""The document-level panel: this coder's stance on the article, a note, and "Mark done and next"."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QPushButton, QWidget

from annotator.core.types import DocumentId, Status
from annotator.gui.coding.commands import SetDocumentNote, SetStance
from annotator.gui.coding.document_model import STATUS_TEXT
from annotator.gui.project import Project
from annotator.gui.widgets.swatches import colour_icon

NO_STANCE = "— not set —"


class AnnotationPanel(QWidget):
    """Stance selector, document note and status for the open document."""

    done_and_next = Signal()

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.document_id: DocumentId | None = None
        self.status = Status.NOT_STARTED  # of the document shown
        self.stance_box = QComboBox()
        self.note_edit = QLineEdit(placeholderText="A note on the whole article (Enter saves)")
        self.done_button = QPushButton("Mark done and next  (D)")
        self.status_text = QLineEdit(readOnly=True, frame=False)
        layout = QFormLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addRow("Stance", self.stance_box)
        layout.addRow("Note", self.note_edit)
        layout.addRow("Status", self.status_text)
        layout.addRow(self.done_button)
        self.fill_stances()
        self.stance_box.activated.connect(self._on_stance_chosen)
        self.note_edit.editingFinished.connect(self._on_note_edited)
        self.done_button.clicked.connect(self.done_and_next)
        project.annotation_changed.connect(self._on_annotation_changed)
        project.spans_changed.connect(self._on_spans_changed)
        project.codebook_changed.connect(self.fill_stances)
        self.setEnabled(False)

    def fill_stances(self) -> None:
        self.stance_box.clear()
        self.stance_box.addItem(NO_STANCE, None)
        for option in self.project.codebook.stance_options:
            self.stance_box.addItem(colour_icon(option.colour), option.name, option.name)
            self.stance_box.setItemData(self.stance_box.count() - 1, option.definition, 3)  # 3: tooltip role
        self.show_document(self.document_id)

    def show_document(self, document_id: DocumentId | None) -> None:
        self.document_id = document_id
        self.setEnabled(document_id is not None)
        if document_id is None:
            return
        annotation = self.project.annotation(document_id)
        self.stance_box.setCurrentIndex(max(0, self.stance_box.findData(annotation.stance)))
        if not self.note_edit.hasFocus():
            self.note_edit.setText(annotation.note or "")
        self.status = annotation.status
        self.status_text.setText(STATUS_TEXT[annotation.status])

    def show_stored(self) -> None:
        self.show_document(self.document_id)

    def set_stance(self, stance: str | None) -> bool:
        """This coder's stance on the open document (None: not set), as an undo step; whether it changed."""
        if self.document_id is None or stance == self.project.annotation(self.document_id).stance:
            return False
        return self.project.push(SetStance(self.project, self.document_id, stance))

    def _on_stance_chosen(self, _index: int) -> None:
        self.set_stance(self.stance_box.currentData())

    def _on_note_edited(self) -> None:
        note = self.note_edit.text().strip() or None
        if self.document_id is not None and note != self.project.annotation(self.document_id).note:
            self.project.push(SetDocumentNote(self.project, self.document_id, note))

    def _on_spans_changed(self, document_id: int, _old: object, _new: object) -> None:
        if document_id == self.document_id and self.status == Status.NOT_STARTED:
            self.show_document(self.document_id)  # a first span started it ("in progress"), as the list says

    def _on_annotation_changed(self, document_id: int) -> None:
        if document_id == self.document_id:
            self.show_document(self.document_id)
