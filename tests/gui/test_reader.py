"""The reader: highlights from the span index, nested spans, click cycling, keys, tooltips, zoom."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCharFormat
from PySide6.QtWidgets import QTextEdit

from annotator.core.codebook import default_codebook_path, load_codebook
from annotator.core.types import DocumentId, Span, SpanUid
from annotator.gui.coding.reader import ReaderView
from annotator.gui.coding.reading_layout import MAX_LINE_EMS
from annotator.gui.coding.span_tooltip import span_tooltip_html
from annotator.gui.widgets.highlighter import blend

TEXT = "💩 First paragraph with words.\nSecond paragraph, longer, with more words."


def _span(uid: str, start: int, end: int, label: str = "pro-engagement", coder: str = "ann") -> Span:
    return Span(SpanUid(uid), DocumentId(1), coder, start, end, label)


def _reader(qtbot, spans=(), others=()) -> ReaderView:
    reader = ReaderView()
    qtbot.addWidget(reader)
    reader.resize(700, 400)
    reader.set_codebook(load_codebook(default_codebook_path()))
    reader.show_document(TEXT, list(spans), list(others))
    return reader


def _format_at(reader: QTextEdit, offset: int) -> QTextCharFormat:
    """The highlight format the layout holds for code point `offset` (empty format if none)."""
    qt = reader.positions.to_qt(offset)
    block = reader.document().findBlock(qt)
    ranges = block.layout().formats()  # keep the list alive while copying a format out of it
    for rng in ranges:
        if rng.start <= qt - block.position() < rng.start + rng.length:
            return QTextCharFormat(rng.format)
    return QTextCharFormat()


def test_spans_are_painted_in_their_label_colour(qtbot) -> None:
    reader = _reader(qtbot, [_span("a", 2, 7)])
    green = QColor("#2E7D32")
    assert _format_at(reader, 3).background().color() == blend(QColor("white"), green, 0.30)
    assert _format_at(reader, 8).background().style() == Qt.BrushStyle.NoBrush


def test_nested_span_keeps_both_visible(qtbot) -> None:
    outer = _span("outer", 2, 29, "pro-isolation")
    inner = _span("inner", 8, 17, "pro-engagement")
    reader = _reader(qtbot, [outer, inner])
    inside = _format_at(reader, 10)
    assert inside.underlineStyle() == QTextCharFormat.UnderlineStyle.SingleUnderline
    assert inside.underlineColor() == QColor("#C62828")  # the outer span
    assert inside.background().color() != _format_at(reader, 4).background().color()


def test_adding_a_span_paints_it_without_resetting_the_document(qtbot) -> None:
    reader = _reader(qtbot)
    document = reader.document()
    reader.show_span(_span("new", 31, 50, "ambivalent"))  # crosses into the second block only
    assert reader.document() is document
    assert _format_at(reader, 40).background().style() != Qt.BrushStyle.NoBrush
    reader.hide_span("new")
    assert _format_at(reader, 40).background().style() == Qt.BrushStyle.NoBrush


def test_span_across_paragraph_break_paints_both_blocks(qtbot) -> None:
    reader = _reader(qtbot, [_span("x", 20, 40)])
    assert _format_at(reader, 21).background().style() != Qt.BrushStyle.NoBrush
    assert _format_at(reader, 35).background().style() != Qt.BrushStyle.NoBrush


def test_other_coders_spans_are_dotted_and_not_clickable(qtbot) -> None:
    reader = _reader(qtbot, [], [_span("o", 2, 7, coder="bob")])
    assert _format_at(reader, 3).underlineStyle() == QTextCharFormat.UnderlineStyle.DotLine
    assert _format_at(reader, 3).background().style() == Qt.BrushStyle.NoBrush
    assert reader.cycle_span_at(reader.positions.to_qt(3)) is None


def test_click_cycles_through_spans_under_the_cursor(qtbot) -> None:
    reader = _reader(qtbot, [_span("outer", 2, 29), _span("inner", 8, 17)])
    at = reader.positions.to_qt(10)
    with qtbot.waitSignal(reader.span_clicked) as clicked:
        reader.cycle_span_at(at)
    assert clicked.args == ["inner"]
    assert reader.cycle_span_at(at) == "outer"
    assert reader.cycle_span_at(at) == "inner"


def _current_overlay(reader: ReaderView) -> tuple[int, int, QTextCharFormat] | None:
    """The current span's overlay as code-point offsets and look, or None."""
    selections = reader.extraSelections()
    if not selections:
        return None
    (selection,) = selections
    cursor = selection.cursor
    start, end = reader.positions.selection(cursor)
    return start, end, QTextCharFormat(selection.format)


def test_current_span_is_an_overlay_that_follows_it_and_lays_nothing_out(qtbot) -> None:
    reader = _reader(qtbot, [_span("a", 2, 7), _span("b", 8, 17, "pro-isolation")])
    layout = reader.document().findBlock(0).layout()
    laid_out = [(r.start, r.length) for r in layout.formats()]
    reader.set_current_span("b", scroll=False)
    start, end, look = _current_overlay(reader)
    assert (start, end) == (8, 17)
    assert look.background().color() == blend(QColor("white"), QColor("#C62828"), 0.60)
    assert look.underlineStyle() == QTextCharFormat.UnderlineStyle.SingleUnderline
    assert [(r.start, r.length) for r in layout.formats()] == laid_out  # no block was re-highlighted
    reader.show_span(_span("b", 8, 20, "ambivalent"))  # resized and relabelled: the overlay follows
    assert _current_overlay(reader)[:2] == (8, 20)
    reader.set_current_span("a", scroll=False)
    assert _current_overlay(reader)[:2] == (2, 7)
    reader.hide_span("a")
    assert _current_overlay(reader) is None
    reader.set_current_span("b", scroll=False)
    reader.show_document(TEXT, [])
    assert _current_overlay(reader) is None


def test_mouse_click_selects_the_span(qtbot) -> None:
    reader = _reader(qtbot, [_span("a", 2, 20)])
    reader.show()
    point = reader.cursorRect(reader.positions.cursor_for(reader.document(), 5, 5)).center()
    with qtbot.waitSignal(reader.span_clicked) as clicked:
        qtbot.mouseClick(reader.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert clicked.args == ["a"]


def test_label_keys_are_reported_other_keys_move_the_cursor(qtbot) -> None:
    reader = _reader(qtbot)
    with qtbot.waitSignal(reader.label_key_pressed) as pressed:
        qtbot.keyClick(reader, Qt.Key.Key_2)
    assert pressed.args == ["2"]
    with qtbot.assertNotEmitted(reader.label_key_pressed):
        qtbot.keyClick(reader, Qt.Key.Key_9)  # no label has key 9
        qtbot.keyClick(reader, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(reader, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(reader, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert reader.selection() == (0, 2)  # the emoji is one code point, two Qt positions


def test_tooltip_names_label_definition_and_holder(qtbot) -> None:
    span = Span(SpanUid("a"), DocumentId(1), "ann", 2, 7, "pro-isolation", holder="Kaja Kallas")
    reader = _reader(qtbot, [span])
    tip = span_tooltip_html(reader.index.at(reader.positions.to_qt(3)), reader.codebook)
    assert "pro-isolation" in tip and "Kaja Kallas" in tip and "keep the Lukashenko regime isolated" in tip


def test_zoom_changes_the_font_size(qtbot) -> None:
    reader = _reader(qtbot)
    size = reader.font().pointSize()
    with qtbot.waitSignal(reader.zoom_changed):
        reader.zoom(+2)
    assert reader.font().pointSize() == size + 2


def test_find_wraps_around(qtbot) -> None:
    reader = _reader(qtbot)
    assert reader.find_text("paragraph")
    first = reader.selection()
    assert reader.find_text("paragraph")
    assert reader.find_text("paragraph")  # wraps to the first
    assert reader.selection() == first
    assert not reader.find_text("absent")


# --- reading comfort: paragraph spacing, line spacing, the text column -----------------------------

LONG_PARAGRAPH = " ".join(["Engagement with Minsk frees prisoners, isolation keeps up the pressure."] * 6)


def _line_tops(reader: ReaderView, block_number: int) -> tuple[list[float], float]:
    """The document y of every line of a block, and the natural height of its first line."""
    block = reader.document().findBlockByNumber(block_number)
    reader.document().documentLayout().blockBoundingRect(block)  # makes sure the block is laid out
    layout = block.layout()
    lines = [layout.lineAt(i) for i in range(layout.lineCount())]
    return [layout.position().y() + line.y() for line in lines], lines[0].height()


def test_paragraphs_are_spaced_apart_and_lines_are_airy(qtbot) -> None:
    text = f"{LONG_PARAGRAPH}\n{LONG_PARAGRAPH}"  # one line break between paragraphs, as stored
    reader = _reader(qtbot)
    reader.show()
    reader.show_document(text, [])
    first, natural = _line_tops(reader, 0)
    second, _ = _line_tops(reader, 1)
    pitch = first[1] - first[0]
    assert pitch > natural * 1.15  # line spacing beyond the font's own
    assert second[0] - first[-1] > pitch + natural * 0.5  # a visible gap between paragraphs
    assert reader.positions.matches(reader.document())  # no character was added for the spacing


def test_a_blank_line_adds_no_second_gap(qtbot) -> None:
    reader = _reader(qtbot)
    reader.show()
    reader.show_document("One.\nTwo.\n\nThree.", [])
    tops = [_line_tops(reader, n)[0][0] for n in range(4)]
    natural = _line_tops(reader, 0)[1]
    paragraph_with_gap, blank_line = tops[1] - tops[0], tops[3] - tops[2]  # block 2 is the blank line
    assert natural * 0.3 < blank_line < paragraph_with_gap - natural * 0.5  # shown, without a gap of its own


def test_zoom_scales_the_paragraph_gap_and_keeps_highlights_without_an_undo_step(qtbot) -> None:
    reader = _reader(qtbot, [_span("a", 2, 7)])
    gap = reader.document().firstBlock().blockFormat().bottomMargin()
    reader.zoom(+6)
    block = reader.document().firstBlock()
    assert block.blockFormat().bottomMargin() > gap
    assert block.next().blockFormat().bottomMargin() == block.blockFormat().bottomMargin()
    assert reader.document().availableUndoSteps() == 0
    assert _format_at(reader, 3).background().style() != Qt.BrushStyle.NoBrush


def test_reopening_shows_only_the_new_spans(qtbot) -> None:
    reader = _reader(qtbot, [_span("a", 2, 7)])
    reader.show_document(TEXT, [_span("b", 35, 40)])
    assert _format_at(reader, 3).background().style() == Qt.BrushStyle.NoBrush
    assert _format_at(reader, 37).background().style() != Qt.BrushStyle.NoBrush


def test_text_column_stays_centred_and_narrow_in_a_wide_window(qtbot) -> None:
    reader = _reader(qtbot)
    reader.resize(1600, 500)
    reader.show()  # the viewport's resizes come back through resizeEvent: this must settle
    qtbot.waitExposed(reader)
    column = reader.fontMetrics().horizontalAdvance("M") * MAX_LINE_EMS
    margins = reader.viewportMargins()
    assert margins.left() == margins.right() > 0
    assert reader.viewport().width() <= column + reader.verticalScrollBar().sizeHint().width() + 1
    reader.resize(400, 500)
    assert reader.viewportMargins().left() == 0


def test_selecting_a_span_scrolls_it_to_the_middle(qtbot) -> None:
    text = "\n".join([LONG_PARAGRAPH] * 40)
    start = text.index("isolation", len(text) // 2)
    reader = _reader(qtbot)
    reader.show()
    reader.show_document(text, [_span("far", start, start + 9)])
    reader.set_current_span("far")
    middle = reader.viewport().height() / 2
    assert abs(reader.cursorRect().center().y() - middle) < reader.fontMetrics().lineSpacing() * 2


def test_switching_to_a_dark_palette_blends_highlights_into_the_dark_background(qtbot) -> None:
    from PySide6.QtGui import QPalette

    reader = _reader(qtbot, [_span("a", 2, 7)])
    reader.set_current_span("a", scroll=False)
    dark = QPalette(reader.palette())
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    reader.setPalette(dark)
    green = QColor("#2E7D32")
    assert _format_at(reader, 3).background().color() == blend(QColor("#1e1e1e"), green, 0.30)
    assert _current_overlay(reader)[2].background().color() == blend(QColor("#1e1e1e"), green, 0.60)
