"""The one place where Qt text positions (UTF-16 units) and stored code-point offsets meet.

Qt counts UTF-16 units, so an emoji is two Qt positions but one stored offset. Qt also rewrites text
it hands back: paragraph ends become U+2029 and NBSP becomes a space in `toPlainText()` and
`selectedText()`. So offsets are computed from positions only, never from text read back from Qt.
"""

from __future__ import annotations

from PySide6.QtGui import QTextCursor, QTextDocument

from annotator.core.offsets import Utf16Map


def display_text(text: str) -> str:
    """The text to give Qt so that every UTF-16 unit of `text` is exactly one Qt position.

    Qt folds `\\r\\n` into one paragraph break (one position for two units). Stored texts are
    normalised on import, but a `\\r` that got in anyway must not shift every later offset: it is
    shown as a space, which keeps the count (a lone `\\r` already counts one and breaks the line).
    """
    if "\r\n" not in text:
        return text
    return text.replace("\r\n", " \n")


class TextPositions:
    """Converts between code-point offsets into one stored text and positions in its QTextDocument."""

    __slots__ = ("_map", "length")

    def __init__(self, text: str) -> None:
        self._map = Utf16Map(text)
        self.length = len(text)

    @property
    def qt_length(self) -> int:
        """Number of Qt positions the text spans (its length in UTF-16 units)."""
        return self._map.length16

    def to_qt(self, offset: int) -> int:
        """The Qt position of code-point `offset`."""
        return self._map.to_utf16(offset)

    def to_qt_all(self, offsets: list[int]) -> list[int]:
        """The Qt positions of many code-point offsets."""
        return self._map.to_utf16_all(offsets)

    def from_qt(self, position: int, *, round_up: bool = False) -> int:
        """The code-point offset of Qt `position` (inside a surrogate pair: start, or end if round_up)."""
        return self._map.from_utf16(position, round_up=round_up)

    def selection(self, cursor: QTextCursor) -> tuple[int, int] | None:
        """The code-point range `cursor` selects, or None when it selects nothing."""
        if not cursor.hasSelection():
            return None
        start = self.from_qt(cursor.selectionStart())
        end = self.from_qt(cursor.selectionEnd(), round_up=True)
        return (start, end) if end > start else None

    def cursor_for(self, document: QTextDocument, start: int, end: int) -> QTextCursor:
        """A cursor on `document` selecting code points start..end (anchor at start)."""
        cursor = QTextCursor(document)
        cursor.setPosition(self.to_qt(start))
        cursor.setPosition(self.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        return cursor

    def matches(self, document: QTextDocument) -> bool:
        """Whether `document` holds as many positions as the text (it was loaded via display_text)."""
        return document.characterCount() - 1 == self.qt_length
