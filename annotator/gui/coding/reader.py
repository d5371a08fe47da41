"""The reader: an article, read-only and comfortable, with the coder's spans highlighted in place.

It knows Qt positions only through `TextPositions` and spans only through the `SpanIndex`. It never
writes anything: a label key or a click is reported by a signal and the window decides what to do.

It is a QTextEdit, not a QPlainTextEdit, because only QTextEdit's layout honours a paragraph's bottom
margin and line height, which the typography (reading_layout.py) uses to space paragraphs.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPalette, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextEdit, QToolTip, QWidget

from annotator.core.codebook import Codebook
from annotator.core.types import Span
from annotator.gui.coding.reading_layout import (
    READABLE_CHARACTERS,
    blank_line_starts,
    column_side_margin,
    reading_font,
    set_paragraph_formats,
    width_for_characters,
)
from annotator.gui.coding.span_tooltip import span_tooltip_html
from annotator.gui.widgets.highlighter import AROUND_VIEW, SpanHighlighter
from annotator.gui.widgets.span_index import SpanIndex
from annotator.gui.widgets.text_positions import TextPositions, display_text

_FUNCTION_KEYS = {getattr(Qt.Key, f"Key_F{n}"): f"F{n}" for n in range(2, 13)}


def key_name(event: QKeyEvent) -> str | None:
    """The codebook name of a pressed key ("1", "A", "F5"), or None for keys with Ctrl/Alt/Meta."""
    if event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                            | Qt.KeyboardModifier.MetaModifier):
        return None
    if event.key() in _FUNCTION_KEYS:
        return _FUNCTION_KEYS[event.key()]
    text = event.text()
    return text.upper() if len(text) == 1 and text.isascii() and text.isalnum() else None


class ReaderView(QTextEdit):
    """Shows one document and its spans; reports label keys and clicks on spans."""

    label_key_pressed = Signal(str)  # a codebook key pressed in the reader
    span_clicked = Signal(str)  # uid of the span a click selected (repeated clicks cycle)
    zoom_changed = Signal(int)  # new point size
    painted = Signal()  # the text was painted: slower panels may now paint theirs (see SpanPanel)
    edit_requested = Signal()  # Enter: edit the current span's holder and note in the span panel

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setAcceptRichText(False)
        self.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
        self.setUndoRedoEnabled(False)  # the document never changes; our undo stack is the Project's
        self.document().setDocumentMargin(18)
        self.positions = TextPositions("")
        self.index = SpanIndex(self.positions)
        self.highlighter = SpanHighlighter(self.document(), self.index)
        self.codebook = Codebook()
        self.label_keys: set[str] = set()
        self.current_uid: str | None = None  # the span picked in the span panel or by a click
        self._blank_lines: list[int] = []  # Qt positions of the blank blocks of the text shown
        self._colour_after_paint: list[tuple[int, int]] = []  # new spans' ranges, coloured after the next frame
        self.setFont(reading_font())
        self.verticalScrollBar().valueChanged.connect(self._colour_view)  # blocks not coloured yet

    # --- content -----------------------------------------------------------------------------
    def set_codebook(self, codebook: Codebook) -> None:
        self.codebook = codebook
        self.label_keys = {label.key for label in codebook.span_labels if label.key}
        base = self.palette().color(QPalette.ColorRole.Base)
        self.highlighter.set_style({label.name: label.colour for label in codebook.span_labels}, base)
        self._respace_paragraphs()  # colours every block again (see _respace_paragraphs)
        self._draw_current()

    def show_document(self, text: str, spans: list[Span], others: list[Span] = ()) -> None:
        """Show `text` with this coder's `spans` and (read-only, dotted) other coders' spans."""
        self.positions = TextPositions(text)
        self.index = SpanIndex(self.positions)
        self.index.add_all(spans)
        self.index.add_all(others, other=True)
        self.highlighter.index = self.index
        self.current_uid = None
        self._colour_after_paint = []  # ranges of the text shown until now
        # Cleared while the old text is still laid out: cleared after the new text is in, Qt would lay
        # the new text out up to where the old current span was, to repaint it (0.6 s on a 1 MB article).
        self.setExtraSelections([])
        self._load_text(display_text(text))
        if not self.positions.matches(self.document()):
            raise RuntimeError("the reader's positions do not match the text")  # a bug, never data

    def _load_text(self, text: str) -> None:
        """Replace the document with `text`, every paragraph in the reading format, highlighted once.

        setPlainText resets block formats, so the paragraph format goes on afterwards; the highlighter
        is called for every block on each of the two changes, so it does its work only on the second.
        """
        self.highlighter.paused = True
        try:
            self.setPlainText(text)
        finally:
            self.highlighter.paused = False
        self._blank_lines = blank_line_starts(text, self.document(), self.positions)
        self._respace_paragraphs()  # the highlighter colours the blocks, here

    def _respace_paragraphs(self) -> None:
        """Give every block the paragraph format for the current font: one edit, no undo step.

        It is also how every block is highlighted again (a new text, codebook, palette or zoom): one
        change of the whole document, which the layout lays out once and the highlighter colours,
        around the view at once and elsewhere when scrolled to (see SpanHighlighter.colour_all).
        QSyntaxHighlighter.rehighlight() would lay the document out again after every block (10 s
        on a 1 MB article).
        """
        self.highlighter.colour_all(
            lambda: set_paragraph_formats(self.document(), self.font(), self._blank_lines), self._view_range())

    def _view_range(self) -> tuple[int, int]:
        """The Qt positions of (about) the first and last character in view.

        Asked down the middle of the column: in the document's margin Qt's hit test can answer a
        position anywhere in the text."""
        if self.document().characterCount() <= AROUND_VIEW:  # a short text is coloured whole anyway
            return 0, 0
        rect = self.viewport().rect()
        top = self.cursorForPosition(QPoint(rect.center().x(), rect.top())).position()
        bottom = self.cursorForPosition(QPoint(rect.center().x(), rect.bottom())).position()
        return min(top, bottom), max(top, bottom)

    def _colour_view(self) -> None:
        """Colour the blocks that have come into view (see SpanHighlighter.colour_view)."""
        if self.highlighter.pending:
            self.highlighter.colour_view(self._view_range())

    def show_span(self, span: Span, *, other: bool = False) -> None:
        """Draw a new or changed span, re-highlighting only the blocks it touches (old and new)."""
        old = self.index.get(span.uid)
        shown = self.index.add(span, other=other)
        if old is None and not other and self.isVisible():
            # A span the coder's key just made: it becomes the current span, which the overlay draws in
            # this frame without any layout. Its colour underneath lays the paragraph out again (and
            # QTextEdit then walks every later block: ~4 ms on a 1 MB article), so it waits for that
            # frame to be on screen (issue 14: key to highlight within one frame).
            self._colour_after_paint.append((shown.qt_start, shown.qt_end))
            self.viewport().update()
            return
        if old is not None:
            self.highlighter.refresh_range(old.qt_start, old.qt_end)
        self.highlighter.refresh_range(shown.qt_start, shown.qt_end)
        if span.uid == self.current_uid:
            self._draw_current()  # resized or relabelled: the overlay follows

    def hide_span(self, uid: str) -> None:
        old = self.index.remove(uid)
        if old is not None:
            self.highlighter.refresh_range(old.qt_start, old.qt_end)
        if uid == self.current_uid:
            self._draw_current()

    def set_other_spans(self, others: list[Span]) -> None:
        for old in self.index.remove_others():
            self.highlighter.refresh_range(old.qt_start, old.qt_end)
        for span in others:
            self.show_span(span, other=True)

    def set_current_span(self, uid: str | None, *, scroll: bool = True) -> None:
        """Mark `uid` as the selected span (stronger fill) and bring it into view."""
        self.current_uid = uid
        self._draw_current()
        shown = self.index.get(uid or "")
        if shown is not None and scroll:
            cursor = QTextCursor(self.document())
            cursor.setPosition(shown.qt_start)
            self.setTextCursor(cursor)
            self.center_cursor()

    def _draw_current(self) -> None:
        """Lay the current span's look over the text as an extra selection: painted, never laid out."""
        shown = self.index.get(self.current_uid or "")
        if shown is None or shown.other:
            self.setExtraSelections([])
            return
        cursor = QTextCursor(self.document())
        cursor.setPosition(shown.qt_start)
        cursor.setPosition(shown.qt_end, QTextCursor.MoveMode.KeepAnchor)
        selection = QTextEdit.ExtraSelection()
        selection.cursor = cursor  # assigned whole: PySide hands out copies of a struct's fields
        selection.format = self.highlighter.current_format(shown.span.label)
        self.setExtraSelections([selection])

    def center_cursor(self) -> None:
        """Scroll so the text cursor sits in the middle of the view (QTextEdit has no centerCursor)."""
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + self.cursorRect().center().y() - self.viewport().height() // 2)

    # --- selection -----------------------------------------------------------------------------
    def selection(self) -> tuple[int, int] | None:
        """The code-point range the coder has selected, as is (not trimmed), or None."""
        return self.positions.selection(self.textCursor())

    def select_range(self, start: int, end: int) -> None:
        self.setTextCursor(self.positions.cursor_for(self.document(), start, end))

    def clear_selection(self) -> None:
        cursor = self.textCursor()
        cursor.clearSelection()
        self.setTextCursor(cursor)

    def find_text(self, needle: str, *, backward: bool = False) -> bool:
        """Select the next (or previous) match of `needle`, wrapping around, and centre it with its
        context; whether one was found. Not found: the cursor and the view stay where they were."""
        flags = QTextDocument.FindFlag.FindBackward if backward else QTextDocument.FindFlag(0)
        found = self.document().find(needle, self.textCursor(), flags)
        if found.isNull():  # wrap around from the other end
            edge = QTextCursor(self.document())
            edge.movePosition(QTextCursor.MoveOperation.End if backward else QTextCursor.MoveOperation.Start)
            found = self.document().find(needle, edge, flags)
        if found.isNull():
            return False
        self.setTextCursor(found)
        self.center_cursor()
        return True

    def readable_width(self, characters: int = READABLE_CHARACTERS) -> int:
        """Pixels the reader needs to show lines of about `characters` characters of running text in
        the current font (lines break between words, so a few characters more are asked for)."""
        chrome = 2 * self.document().documentMargin() + self.verticalScrollBar().sizeHint().width() + 2 * self.frameWidth()
        return width_for_characters(self.font(), chrome, characters)

    # --- zoom ----------------------------------------------------------------------------------
    def zoom(self, steps: int) -> None:
        self.set_point_size(self.font().pointSize() + steps)

    def set_point_size(self, size: int) -> None:
        font = self.font()
        font.setPointSize(max(7, min(size, 40)))
        self.setFont(font)
        self._fit_line_length()
        self._respace_paragraphs()
        self.zoom_changed.emit(font.pointSize())

    # --- events --------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        key = key_name(event)
        if key is not None and key in self.label_keys:
            self.label_key_pressed.emit(key)  # handled (and committed) before the next key is read
            event.accept()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.current_uid is not None:
            self.edit_requested.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt's name)
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            self.cycle_span_at(self.cursorForPosition(event.position().toPoint()).position())

    def cycle_span_at(self, qt_position: int) -> str | None:
        """Select the next of this coder's spans under `qt_position` (innermost first); its uid."""
        here = [s for s in self.index.at(qt_position) if not s.other]
        if not here:
            return None
        uids = [s.uid for s in here]
        current = self.current_uid
        uid = uids[(uids.index(current) + 1) % len(uids)] if current in uids else uids[0]
        self.set_current_span(uid, scroll=False)
        self.span_clicked.emit(uid)
        return uid

    def paintEvent(self, event) -> None:  # noqa: N802, ANN001 (Qt's name)
        super().paintEvent(event)
        self.painted.emit()
        if self._colour_after_paint:
            QTimer.singleShot(0, self._colour_new_spans)  # after this frame, not inside its paint

    def _colour_new_spans(self) -> None:
        ranges, self._colour_after_paint = self._colour_after_paint, []
        for qt_start, qt_end in ranges:
            self.highlighter.refresh_range(qt_start, qt_end)

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.ToolTip:
            self._show_tooltip(event.pos(), event.globalPos())
            return True
        return super().viewportEvent(event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # light to dark (or back) while open: blend anew
            self.set_codebook(self.codebook)

    def resizeEvent(self, event) -> None:  # noqa: N802, ANN001 (Qt's name)
        # A scroll area hands its viewport's resizes here. Margins first, from the whole widget's
        # width (the viewport's own width depends on them), so the re-wrap uses the final column.
        self._fit_line_length()
        super().resizeEvent(event)
        self._colour_view()

    def _fit_line_length(self) -> None:
        """Centre the text in a column of at most MAX_LINE_EMS, however wide the window."""
        available = self.width() - 2 * self.frameWidth() - self.verticalScrollBar().sizeHint().width()
        side = column_side_margin(available, self.fontMetrics())
        if self.viewportMargins().left() != side:
            self.setViewportMargins(side, 0, side, 0)  # resizes the viewport, which re-wraps the text

    def _show_tooltip(self, pos: QPoint, global_pos: QPoint) -> None:
        cursor = self.cursorForPosition(pos)
        spans = self.index.at(cursor.position())
        if spans:
            QToolTip.showText(global_pos, span_tooltip_html(spans, self.codebook), self.viewport())
        else:
            QToolTip.hideText()
