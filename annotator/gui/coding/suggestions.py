"""The model's suggestions in the coding window: loaded with each document (when the coder switched
them on), outlined in the reader, stepped through with ] and [, accepted with Enter or a label key
(as that label), rejected with Backspace. Every decision is an undo command.

A suggestion is "active" while it is current and the reader's selection is exactly its text: a coder
who selects something else gets the usual keys back (a label key labels their selection).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent

from annotator.core.suggestions import SuggestedSpan
from annotator.core.types import DocumentId
from annotator.gui.coding.controller import CodingController
from annotator.gui.coding.reader import ReaderView, key_name
from annotator.gui.coding.suggestion_commands import AcceptSuggestion, RejectSuggestion
from annotator.gui.coding.suggestion_overlay import SuggestionOverlay
from annotator.gui.project import Project
from annotator.operations.suggestions import DocumentSuggestions, ModelCache, document_suggestions
from annotator.store import suggestions as stored


class SuggestionController(QObject):
    changed = Signal()  # the list, a decision or the current suggestion changed

    def __init__(self, project: Project, coding: CodingController, reader: ReaderView) -> None:
        super().__init__(project)
        self.project, self.coding, self.reader = project, coding, reader
        self.cache = ModelCache()
        self.shown = DocumentSuggestions()
        self.current: int | None = None  # index into shown.suggestions
        self.overlay = SuggestionOverlay(reader)
        with project.db.read() as tx:
            self.enabled = stored.suggestions_enabled(tx, project.coder)
        coding.document_opened.connect(lambda _doc: self.load())
        project.codebook_changed.connect(self.load)
        reader.installEventFilter(self)

    # --- state ---------------------------------------------------------------------------------
    def set_enabled(self, on: bool) -> None:
        """Model > Suggestions: this coder's switch for this project (off until switched on)."""
        def save() -> None:
            with self.project.db.transaction() as tx:
                stored.set_suggestions_enabled(tx, self.project.coder, on)

        if self.project.attempt(save):
            self.enabled = on
            self.load()

    def load(self) -> None:
        """Suggestions for the open document (which marks it assisted for this coder when any are shown)."""
        document = self.coding.document_id
        self.current = None
        if document is None or not self.enabled:
            self.shown = DocumentSuggestions(reason=None if document is None else "suggestions are off (Model > Suggestions)")
        else:
            result: list[DocumentSuggestions] = []
            self.project.attempt(lambda: result.append(document_suggestions(
                self.project.db, self.cache, DocumentId(document), self.project.coder)))
            self.shown = result[0] if result else DocumentSuggestions(reason="suggestions could not be loaded")
        self._redraw()

    def suggestion(self, index: int | None) -> SuggestedSpan | None:
        return None if index is None or not 0 <= index < len(self.shown.suggestions) else self.shown.suggestions[index]

    def open_rows(self) -> list[int]:
        return [i for i, s in enumerate(self.shown.suggestions) if s.decision is None]

    def active(self) -> SuggestedSpan | None:
        """The current suggestion, if the coder has not moved the selection away from it."""
        s = self.suggestion(self.current)
        return s if s is not None and s.decision is None and self.reader.selection() == (s.start, s.end) else None

    # --- verbs ---------------------------------------------------------------------------------
    def step(self, direction: int) -> SuggestedSpan | None:
        """Make the next (+1) or previous (-1) open suggestion current, in text order."""
        rows = self.open_rows()
        if not rows:
            return None
        if self.current in rows:
            position = rows.index(self.current) + direction
        else:
            cursor = self.reader.positions.from_qt(self.reader.textCursor().selectionStart())
            after = next((n for n, i in enumerate(rows) if self.shown.suggestions[i].start >= cursor), len(rows))
            position = after if direction > 0 else after - 1
        if not 0 <= position < len(rows):
            return None
        self.set_current(rows[position])
        return self.suggestion(self.current)

    def set_current(self, index: int | None) -> None:
        self.current = index
        s = self.suggestion(index)
        if s is not None:
            self.coding.set_current(None, scroll=False)
            self.reader.select_range(s.start, s.end)
            self.reader.center_cursor()
            self.reader.setFocus()
        self._redraw()

    def accept(self, label: str | None = None) -> bool:
        s = self.active()
        if s is None:
            return False
        done = self.project.push(AcceptSuggestion(self.project, s, self._decided, label))
        if done:
            self._after_decision()
        return done

    def reject(self) -> bool:
        s = self.active()
        if s is None:
            return False
        done = self.project.push(RejectSuggestion(self.project, s, self._decided))
        if done:
            self._after_decision()
        return done

    def _after_decision(self) -> None:
        """Move on to the next open suggestion, or leave the coder's selection empty at the last one."""
        following = self.step(+1)
        if following is None:
            self.current = None
            self.reader.clear_selection()
            self._redraw()

    def _decided(self, document_id: int) -> None:
        """A decision was made or undone (maybe on another document): show the stored state."""
        if document_id != self.coding.document_id:
            self.coding.open_document(DocumentId(document_id))  # loads its suggestions too
            return
        with self.project.db.read() as tx:
            version = self.shown.model_version or ""
            fresh = stored.suggestions_for(tx, DocumentId(document_id), self.project.coder, version)
        self.shown = DocumentSuggestions(tuple(fresh), self.shown.model_version, self.shown.stance, self.shown.reason)
        self._redraw()

    # --- keys ----------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() != QEvent.Type.KeyPress or self.active() is None:
            return False
        assert isinstance(event, QKeyEvent)
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return self.accept() or True
        if key == Qt.Key.Key_Backspace:
            return self.reject() or True
        if key == Qt.Key.Key_Escape:
            self.set_current(None)
            self.reader.clear_selection()
            return True
        name = key_name(event)
        label = self.project.codebook.label_for_key(name) if name else None
        if label is not None:
            return self.accept(label.name) or True
        return False

    def _redraw(self) -> None:
        colours = {x.name: x.colour for x in self.project.codebook.span_labels}
        ranges, current = [], None
        for i, s in enumerate(self.shown.suggestions):
            if s.decision is None:
                if i == self.current:
                    current = len(ranges)
                positions = self.reader.positions
                ranges.append((positions.to_qt(s.start), positions.to_qt(s.end), colours.get(s.label, "#888888")))
        self.overlay.set_ranges(ranges, current)
        self.changed.emit()
