"""Qt positions (UTF-16) <-> stored code-point offsets, on the texts the issue names."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import QPlainTextEdit

from annotator.core.offsets import normalize_newlines
from annotator.gui.widgets.text_positions import TextPositions, display_text


def _editor(qtbot, text: str) -> QPlainTextEdit:
    editor = QPlainTextEdit()
    qtbot.addWidget(editor)
    editor.setPlainText(display_text(text))
    return editor


def _select_found(editor: QPlainTextEdit, needle: str) -> QTextCursor:
    """Let Qt find and select `needle`: the positions come from Qt, not from Python string indices."""
    cursor = editor.document().find(needle)
    assert not cursor.isNull(), needle
    editor.setTextCursor(cursor)
    return editor.textCursor()


@pytest.mark.parametrize(
    ("text", "needle", "expected"),
    [
        ("💩This is an annotation.", "annotation", (12, 22)),
        ("👨🏻‍🚒 firemen drive firetrucks", "firetrucks", (19, 29)),
        ("Лукашенко\u00a0встретился с делегацией США.", "делегацией", (23, 33)),
        ("e\u0301te\u0301 in Minsk 🇧🇾 and Vilnius", "Vilnius", (22, 29)),
    ],
)
def test_selection_maps_to_code_points(qtbot, text: str, needle: str, expected: tuple[int, int]) -> None:
    editor = _editor(qtbot, text)
    positions = TextPositions(text)
    start, end = positions.selection(_select_found(editor, needle))
    assert (start, end) == expected
    assert text[start:end] == needle


def test_span_across_a_paragraph_break_of_a_crlf_text(qtbot) -> None:
    raw = "First paragraph ends here.\r\n\r\nSecond one 💬 starts here and goes on.\r\n"
    text, _shift = normalize_newlines(raw)  # what import stores
    editor = _editor(qtbot, text)
    positions = TextPositions(text)
    cursor = QTextCursor(editor.document())
    cursor.setPosition(editor.document().find("here.").selectionStart())
    cursor.setPosition(editor.document().find("starts").selectionEnd(), QTextCursor.MoveMode.KeepAnchor)
    # Qt's own copy of the selection has U+2029 for the breaks; the stored text keeps "\n".
    assert "\u2029" in cursor.selectedText()
    start, end = positions.selection(cursor)
    assert text[start:end] == "here.\n\nSecond one 💬 starts"


def test_nbsp_survives_although_qt_reports_a_space(qtbot) -> None:
    text = "Kaja\u00a0Kallas said no."
    editor = _editor(qtbot, text)
    cursor = QTextCursor(editor.document())
    cursor.setPosition(editor.document().find("Kallas").selectionEnd())
    cursor.setPosition(0, QTextCursor.MoveMode.KeepAnchor)  # backwards, as a coder drags
    assert editor.toPlainText() == "Kaja Kallas said no."  # Qt's copy of the text has a plain space
    start, end = TextPositions(text).selection(cursor)
    assert text[start:end] == "Kaja\u00a0Kallas"


def test_an_unnormalised_crlf_still_keeps_positions_aligned(qtbot) -> None:
    text = "one\r\ntwo 😀 three"
    editor = _editor(qtbot, text)
    positions = TextPositions(text)
    assert positions.matches(editor.document())
    start, end = positions.selection(_select_found(editor, "three"))
    assert text[start:end] == "three"


def test_cursor_for_selects_the_stored_range(qtbot) -> None:
    text = "💩💩 ab\ncd 👨🏻‍🚒 ef"
    editor = _editor(qtbot, text)
    positions = TextPositions(text)
    cursor = positions.cursor_for(editor.document(), 3, 13)
    assert positions.selection(cursor) == (3, 13)
    assert cursor.selectedText() == text[3:13].replace("\n", "\u2029")


def test_no_selection_is_none(qtbot) -> None:
    editor = _editor(qtbot, "text")
    assert TextPositions("text").selection(editor.textCursor()) is None


texts = st.text(
    alphabet=st.sampled_from(list("ab \n\u00a0\u0301Жё") + ["😀", "👨", "\u200d", "\r", "\u2028"]), max_size=40
)


@given(text=texts, data=st.data())
def test_round_trip_through_a_qt_document(text: str, data: st.DataObject) -> None:
    document = QTextDocument()
    document.setPlainText(display_text(text))
    positions = TextPositions(text)
    assert positions.matches(document)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    cursor = positions.cursor_for(document, start, end)
    assert (cursor.selectionStart(), cursor.selectionEnd()) == (positions.to_qt(start), positions.to_qt(end))
    assert positions.selection(cursor) == ((start, end) if end > start else None)
