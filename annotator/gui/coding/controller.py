"""The coding loop for the open document: turn a selection and a key into a span, and keep the
reader and span panel in step with every committed change (including undo on another document)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from annotator.core.selection import span_from_selection, word_step
from annotator.core.span_ids import new_span_uid
from annotator.core.types import DocumentId, Span, check_offsets
from annotator.gui.coding.commands import AddSpan, DeleteSpan, ResizeSpan
from annotator.gui.coding.reader import ReaderView
from annotator.gui.coding.span_model import SpanTableModel
from annotator.gui.project import Project


class CodingController(QObject):
    """Owns "which document and which span are current" for one window."""

    document_opened = Signal(int)
    current_span_changed = Signal(str)  # uid, or "" when no span is current
    # A span is about to be added or removed by a key in the reader: what the coder watches is the
    # reader, so the span panel (whose rows all shift) may paint in the frame after the highlight.
    reader_edit = Signal()

    def __init__(self, project: Project, reader: ReaderView, span_model: SpanTableModel) -> None:
        super().__init__(project)
        self.project, self.reader, self.span_model = project, reader, span_model
        self.document_id: DocumentId | None = None
        self.current_uid: str | None = None
        self.snap_words = True
        self.show_others = False
        reader.set_codebook(project.codebook)
        reader.label_key_pressed.connect(self.label_selection)
        reader.span_clicked.connect(lambda uid: self.set_current(uid, scroll=False))
        project.spans_changed.connect(self._on_spans_changed)
        project.codebook_changed.connect(self._on_codebook_changed)

    @property
    def text(self) -> str:
        return self.project.document(self.document_id).text if self.document_id is not None else ""

    def open_document(self, document_id: DocumentId) -> None:
        document = self.project.document(document_id)
        own = self.project.spans(document_id)
        others = self.project.other_spans(document_id) if self.show_others else []
        self.document_id = DocumentId(document_id)
        self.reader.show_document(document.text, own, others)
        self.span_model.set_document(self.document_id, document.text, own)
        self.set_current(None)
        self.document_opened.emit(document_id)

    def show_stored(self) -> bool:
        """Show the document's spans as stored now, if someone else changed them (another window, a
        merge), keeping the coder's place: scroll position, selection and current span. Whether it did."""
        if self.document_id is None:
            return False
        own = self.project.spans(self.document_id)
        others = self.project.other_spans(self.document_id) if self.show_others else []
        shown = sorted((s.span for s in self.reader.index.spans()), key=lambda s: s.uid)
        if shown == sorted(own + others, key=lambda s: s.uid):
            return False  # the usual case: the others worked on other documents
        bar = self.reader.verticalScrollBar()
        scroll, selection, current = bar.value(), self.reader.selection(), self.current_uid
        self.open_document(self.document_id)
        if current is not None and current in self.reader.index:
            self.set_current(current, scroll=False)
        if selection is not None:
            self.reader.select_range(*selection)
        bar.setValue(scroll)
        return True

    def set_show_others(self, show: bool) -> None:
        """Blind coding is the default; showing other coders' spans is for discussion afterwards."""
        self.show_others = show
        if self.document_id is not None:
            self.reader.set_other_spans(self.project.other_spans(self.document_id) if show else [])

    def set_current(self, uid: str | None, *, scroll: bool = True) -> None:
        if uid == self.current_uid:
            return
        self.current_uid = uid
        self.reader.set_current_span(uid, scroll=scroll)
        self.current_span_changed.emit(uid or "")

    def current_span(self) -> Span | None:
        row = self.span_model.row_of(self.current_uid or "")
        return None if row is None else self.span_model.span_at(row)

    # --- verbs ---------------------------------------------------------------------------------
    def label_selection(self, key: str) -> Span | None:
        """Make a span of the selected text with the label bound to `key`; committed on return."""
        label = self.project.codebook.label_for_key(key)
        selection = self.reader.selection()
        if label is None or selection is None or self.document_id is None:
            return None
        bounds = span_from_selection(self.text, *selection, snap=self.snap_words)
        if bounds is None:
            return None  # only whitespace was selected
        span = Span(new_span_uid(), self.document_id, self.project.coder, bounds[0], bounds[1], label.name)
        self.reader_edit.emit()
        if not self.project.push(AddSpan(self.project, span)):
            return None
        self.reader.clear_selection()  # a second key press must not label the same text again
        self.set_current(span.uid, scroll=False)
        return span

    def step_span(self, direction: int) -> str | None:
        """Make the next (+1) or previous (-1) of this coder's spans current, in text order; its uid.

        With no current span, the first span after (or before) the text cursor."""
        spans = [self.span_model.span_at(row) for row in range(self.span_model.rowCount())]
        if not spans:
            return None
        uids = [span.uid for span in spans]
        if self.current_uid in uids:
            row = uids.index(self.current_uid) + direction
        else:
            cursor = self.reader.positions.from_qt(self.reader.textCursor().selectionStart())
            first_after = next((row for row, span in enumerate(spans) if span.start >= cursor), len(spans))
            row = first_after if direction > 0 else first_after - 1
        if not 0 <= row < len(spans):
            return None  # already at the first or last span
        self.set_current(uids[row])
        return uids[row]

    def delete_current(self) -> bool:
        span = self.current_span()
        if span is None:
            return False
        self.reader_edit.emit()
        return self.project.push(DeleteSpan(self.project, span))

    def nudge(self, edge: str, direction: int, *, by_word: bool = False) -> bool:
        """Move the current span's `edge` ("start"/"end") left (-1) or right (+1) by a character or word."""
        span = self.current_span()
        if span is None:
            return False
        text = self.text
        old = span.start if edge == "start" else span.end
        new = word_step(text, old, direction, edge=edge) if by_word else old + direction
        start, end = (new, span.end) if edge == "start" else (span.start, new)
        if new == old or check_offsets(start, end, len(text)) is not None:
            return False
        if not self.project.push(ResizeSpan(self.project, span, start, end)):
            return False
        self.set_current(span.uid, scroll=False)  # every nudge goes to this span, whatever the panel did
        return True

    # --- changes reported by the project -------------------------------------------------------
    def _on_spans_changed(self, document_id: int, old: Span | None, new: Span | None) -> None:
        if document_id != self.document_id:  # an undo or redo on another document: show it, and where
            self.open_document(DocumentId(document_id))
            if new is not None:
                self.set_current(new.uid)
            else:  # the span is gone: the cursor where it was
                self.reader.select_range(old.start, old.start)
                self.reader.center_cursor()
            return
        if new is None:
            self.reader.hide_span(old.uid)
            if old.uid == self.current_uid:
                self.set_current(None)
        else:
            self.reader.show_span(new)

    def _on_codebook_changed(self) -> None:
        self.reader.set_codebook(self.project.codebook)
        if self.document_id is not None:
            current = self.current_uid
            self.open_document(self.document_id)  # a renamed label renames every span's label
            self.set_current(current)
