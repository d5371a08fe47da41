"""The reader on long articles: its quick paths show exactly what a plain, obvious colouring would.

The highlighter colours at once only the blocks around the view and the rest when scrolled to; its
per-block loop is written for speed. These tests check both against an independent reference: the
look at every character computed directly from the spans covering it (innermost own span's fill,
nested fill and the enclosing span's underline, another coder's span as italic or a dotted line).
"""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCharFormat

from annotator.core.codebook import default_codebook_path, load_codebook
from annotator.core.types import DocumentId, Span, SpanUid
from annotator.gui.coding.reader import ReaderView
from annotator.gui.widgets import highlighter as highlighter_module
from annotator.gui.widgets.highlighter import FILL, NESTED_FILL, blend

NO_LINE = QTextCharFormat.UnderlineStyle.NoUnderline
WORDS = "the sanctions regime Minsk talks prisoners Лукашенко встреча 🇧🇾 policy window".split()


def _text(rng: random.Random, paragraphs: int) -> str:
    lines = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 60))) for _ in range(paragraphs)]
    for i in range(3, paragraphs, 7):
        lines[i] = " " if i % 2 else ""  # blank and white-space lines among the paragraphs
    return "\n".join(lines)


def _spans(rng: random.Random, text: str, count: int, coder: str = "ann") -> list[Span]:
    spans = []
    for i in range(count):
        start = rng.randrange(0, len(text) - 2)
        end = min(len(text), start + rng.randint(1, 400))
        label = rng.choice(["pro-engagement", "pro-isolation", "ambivalent"])
        spans.append(Span(SpanUid(f"{coder}{i}"), DocumentId(1), coder, start, end, label))
    return spans


def _reader(qtbot) -> ReaderView:
    reader = ReaderView()
    qtbot.addWidget(reader)
    reader.resize(700, 400)
    reader.set_codebook(load_codebook(default_codebook_path()))
    reader.show()
    return reader


def _look_at(reader: ReaderView, qt: int) -> tuple:
    """What the layout holds at Qt position `qt`: fill, underline style and colour, italic."""
    block = reader.document().findBlock(qt)
    fmt = QTextCharFormat()
    ranges = block.layout().formats()  # keep the list alive while copying a format out of it
    for rng in ranges:
        if rng.start <= qt - block.position() < rng.start + rng.length:
            fmt = QTextCharFormat(rng.format)
    fill = fmt.background().color().name() if fmt.background().style() != Qt.BrushStyle.NoBrush else None
    style = fmt.underlineStyle()
    return fill, style, fmt.underlineColor().name() if style != NO_LINE else None, fmt.fontItalic()


def _expected_at(reader: ReaderView, own: list[Span], others: list[Span], offset: int) -> tuple:
    """The reference: the spans covering code point `offset`, longest first, decide its look."""
    def covering(spans: list[Span]) -> list[Span]:
        found = [s for s in spans if s.start <= offset < s.end]
        return sorted(found, key=lambda s: (-(reader.positions.to_qt(s.end) - reader.positions.to_qt(s.start)),
                                            reader.positions.to_qt(s.start), s.uid))

    mine, theirs = covering(own), covering(others)
    colour = reader.highlighter._colour  # noqa: SLF001 - the label colours the codebook set
    line = reader.highlighter._line_colour  # noqa: SLF001
    if mine:
        fill = blend(QColor("white"), colour(mine[-1].label), NESTED_FILL if len(mine) > 1 else FILL).name()
        nested = len(mine) > 1
        return (fill, QTextCharFormat.UnderlineStyle.SingleUnderline if nested else NO_LINE,
                line(mine[-2].label).name() if nested else None, bool(theirs))
    if theirs:
        return None, QTextCharFormat.UnderlineStyle.DotLine, line(theirs[-1].label).name(), False
    return None, NO_LINE, None, False


def _scroll_through(reader: ReaderView) -> None:
    bar = reader.verticalScrollBar()
    while bar.value() < bar.maximum():
        bar.setValue(bar.value() + bar.pageStep())


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_character_looks_as_the_reference_says(qtbot, seed: int) -> None:
    rng = random.Random(seed)
    text = _text(rng, 30)
    own, others = _spans(rng, text, 60), _spans(rng, text, 20, coder="bob")
    reader = _reader(qtbot)
    reader.show_document(text, own, others)
    _scroll_through(reader)
    assert reader.highlighter.pending == []
    for offset in (o for o in range(len(text)) if text[o] != "\n"):  # a paragraph break has no look
        assert _look_at(reader, reader.positions.to_qt(offset)) == _expected_at(reader, own, others, offset), offset


def test_a_long_article_is_coloured_around_the_view_first_then_where_the_coder_scrolls(qtbot) -> None:
    rng = random.Random(7)
    text = _text(rng, 150)  # ~45,000 characters: far more than the view and its margin
    spans = _spans(rng, text, 600)
    reader = _reader(qtbot)
    reader.show_document(text, spans)
    highlighter = reader.highlighter
    last = reader.document().lastBlock().blockNumber()
    assert highlighter.pending and highlighter.pending[-1] == last  # the end is not coloured yet
    assert reader.document().firstBlock().blockNumber() not in highlighter.pending
    reader.verticalScrollBar().setValue(reader.verticalScrollBar().maximum())  # the coder jumps to the end
    assert last not in highlighter.pending
    reader.verticalScrollBar().setValue(0)
    _scroll_through(reader)
    assert highlighter.pending == []
    for offset in (o for o in range(0, len(text), 7) if text[o] != "\n"):  # lazily coloured, as the reference says
        assert _look_at(reader, reader.positions.to_qt(offset)) == _expected_at(reader, spans, [], offset), offset


def test_a_short_article_is_coloured_whole_at_once(qtbot, monkeypatch) -> None:
    rng = random.Random(3)
    text = _text(rng, 12)
    monkeypatch.setattr(highlighter_module, "AROUND_VIEW", 10 * len(text))
    reader = _reader(qtbot)
    reader.show_document(text, _spans(rng, text, 30))
    assert reader.highlighter.pending == []


def test_blank_lines_found_in_the_text_are_the_blocks_qt_holds_blank(qtbot) -> None:
    reader = _reader(qtbot)
    text = "One.\n\nTwo.\r \rThree.\u2029\u2029Four 👍.\n \t\nFive."
    reader.show_document(text, [])
    blank = []
    block = reader.document().firstBlock()
    while block.isValid():
        if block.length() == 1 or block.text().isspace():
            blank.append(block.position())
        block = block.next()
    assert reader._blank_lines == blank  # noqa: SLF001
    assert len(blank) == 4


def test_adding_spans_to_a_long_article_updates_the_span_list_in_text_order(qtbot) -> None:
    from PySide6.QtCore import QObject, Signal

    from annotator.gui.coding.span_model import SpanTableModel, _order

    class Signals(QObject):  # the model listens to these two signals of the project only
        spans_changed = Signal(int, object, object)
        codebook_changed = Signal()

    rng = random.Random(5)
    text = _text(rng, 50)
    spans = _spans(rng, text, 300)
    project = Signals()
    model = SpanTableModel(project)  # type: ignore[arg-type]
    model.set_document(DocumentId(1), text, spans[:200])
    now = {s.uid: s for s in spans}
    for span in spans[200:]:
        project.spans_changed.emit(1, None, span)
    for old in spans[:50]:
        new = Span(old.uid, old.document_id, old.coder, old.start, min(len(text), old.end + 3), old.label)
        project.spans_changed.emit(1, old, new)
        now[old.uid] = new
    for gone in spans[250:260]:
        project.spans_changed.emit(1, gone, None)
        del now[gone.uid]
    assert [s.uid for s in model.rows] == [s.uid for s in sorted(now.values(), key=_order)]
    assert model.rows == sorted(now.values(), key=_order)
    assert [model.row_of(span.uid) for span in model.rows] == list(range(len(model.rows)))
    assert all(model.row_of(gone.uid) is None for gone in spans[250:260])


def test_a_new_span_shows_in_the_same_frame_and_takes_its_colour_after_it(qtbot) -> None:
    """The key's frame draws the new (current) span as an overlay; its colour underneath, which lays the
    paragraph out again, comes after that frame, and then equals the reference."""
    rng = random.Random(11)
    text = _text(rng, 20)
    reader = _reader(qtbot)
    reader.show_document(text, [])
    qtbot.waitExposed(reader)
    span = Span(SpanUid("new"), DocumentId(1), "ann", 5, 60, "pro-isolation")
    reader.show_span(span)
    reader.set_current_span(span.uid, scroll=False)
    (overlay,) = reader.extraSelections()
    assert (overlay.cursor.selectionStart(), overlay.cursor.selectionEnd()) == (reader.positions.to_qt(5),
                                                                                  reader.positions.to_qt(60))
    qtbot.waitUntil(lambda: _look_at(reader, reader.positions.to_qt(30)) == _expected_at(reader, [span], [], 30))
    assert reader._colour_after_paint == []  # noqa: SLF001
