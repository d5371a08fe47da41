"""Driving the main window as a coder does: key presses, opening a document of the test project."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.core.types import DocumentId

SHIFT, CTRL = Qt.KeyboardModifier.ShiftModifier, Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
EMOJI, FIREMEN, CRLF, CYRILLIC, PLAIN = (DocumentId(i) for i in range(1, 6))  # tests/gui/conftest.py TEXTS


def keys(qtbot, widget, *presses) -> None:
    """Press keys: each item is a Qt.Key or (Qt.Key, modifiers) or (Qt.Key, modifiers, count)."""
    for press in presses:
        key, mods, count = (press, Qt.KeyboardModifier.NoModifier, 1) if not isinstance(press, tuple) else (
            press + (1,) if len(press) == 2 else press)
        for _ in range(count):
            qtbot.keyClick(widget, key, mods)


def open_doc(qtbot, window, document_id: DocumentId):
    """Open a document in the main window, with the text cursor at its start; the reader."""
    window.open_document(document_id)
    window.reader.setFocus()
    keys(qtbot, window.reader, (Qt.Key.Key_Home, CTRL))
    return window.reader
